/* version.h - the program's version, for --version and /metrics */
#ifndef REFREADY_VERSION_H
#define REFREADY_VERSION_H

#define REFREADY_VERSION	"0.2.0"

#endif
