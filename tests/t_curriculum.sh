# t_curriculum.sh - `refready curriculum check`: the shipped curriculum and
# the fixture pass; each kind of breakage is reported as FILE:LINE with
# exit 2, and every problem in a folder is listed in one run.
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3

begin "the shipped curriculum passes"
run "$R" curriculum check "$TOP/curriculum"
status_is 0
out_has '^curriculum OK: 30 days in 5 weeks, weekdays pacing; scorecard with 12 categories and 3[0-6] items$'
end

begin "the shipped curriculum keeps its rules: 300-700 words, five parts"
$PY - "$TOP/curriculum" <<'PY' >"$T/.out" 2>&1 || fail "$(cat "$T/.out")"
import json, sys, re
d = sys.argv[1]
p = json.load(open(d + "/program.json"))
assert p["lesson_words"] == [300, 700], p["lesson_words"]
assert p["lesson_sections"] == ["Why it matters to a physician",
    "Today's steps", "Worked example", "Words to use and words to avoid",
    "You're done when"], p["lesson_sections"]
assert [x["day"] for x in p["days"]] == list(range(1, 31))
assert p["days"][2]["scorecard"] == "baseline"
assert p["days"][3]["title"] == "List Your Services Clearly"
assert any(x.get("scorecard") == "retake" for x in p["days"][25:29])
for x in p["days"]:
    assert len(x["task"]) <= 80, x
    text = open(d + "/" + x["lesson"]).read()
    steps = text.split("## Today's steps")[1].split("## ")[0]
    assert re.search(r"^1\. ", steps, re.M), ("no numbered steps", x["day"])
    for bad in ("$", "http://", "https://"):
        assert bad not in text, (bad, x["day"])
s = json.load(open(d + "/scorecard.json"))
ids = [i["id"] for c in s["categories"] for i in c["items"]]
assert len(ids) == len(set(ids)) and 30 <= len(ids) <= 36, len(ids)
assert len(s["categories"]) == 12
assert sum(1 for c in s["categories"] for i in c["items"] if i.get("gate")) >= 3
for x in (3, 29):
    assert "{{scorecard_url}}" in open(d + "/lessons/day%02d.md" % x).read()
PY
end

begin "the test fixture passes"
run "$R" curriculum check "$TOP/tests/data/curriculum"
status_is 0
end

begin "without DIR the configured folder is checked"
fixture cur
printf '{"curriculum": "cur"}\n' > c.json
run "$R" -c c.json curriculum check
status_is 0
rm -rf cur
run "$R" -c c.json curriculum check
status_is 2
err_has '^cur/program\.json: cannot read: No such file or directory$'
end

begin "broken JSON in program.json: FILE:LINE, exit 2"
fixture c1
sed -i '3s/"daily",/"daily"/' c1/program.json
run "$R" curriculum check c1
status_is 2
err_has '^c1/program\.json:4:[0-9]+: '
err_has "^refready: curriculum check: 1 problem in 'c1'$"
end

begin "a missing day and a duplicate day"
fixture c2
$PY - c2/program.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["days"][6]["day"] = 6		# day 7 becomes a second day 6
open(sys.argv[1], "w").write(json.dumps(p, indent=1))
PY
run "$R" curriculum check c2
status_is 2
err_has '^c2/program\.json:[0-9]+:[0-9]+: day 6 appears twice$'
err_has '^c2/program\.json:[0-9]+:[0-9]+: day 7 is missing$'
end

begin "a missing lesson file is named"
fixture c3
rm c3/lessons/b.md
run "$R" curriculum check c3
status_is 2
err_has '^c3/lessons/b\.md: cannot read: No such file or directory$'
end

begin "an unknown merge field in a lesson and in a template"
fixture c4
printf '\nHello {{frist_name}}\n' >> c4/lessons/a.md
sed -i '2s/{{lesson}}/{{lesson}} {{unsub_url}}/' c4/templates/lesson.txt
run "$R" curriculum check c4
status_is 2
err_has "^c4/lessons/a\.md:14: unknown merge field '\{\{frist_name\}\}'"
err_has "^c4/templates/lesson\.txt:2: unknown merge field '\{\{unsub_url\}\}'"
end

begin "a template without the unsubscribe link is refused"
fixture c5
sed -i 's/{{unsubscribe_url}}/#/' c5/templates/lesson.html
run "$R" curriculum check c5
status_is 2
err_has "^c5/templates/lesson\.html:1: the template has no visible '\{\{unsubscribe_url\}\}'$"
end

begin "the welcome and completion templates: their own fields, a subject, the link"
fixture c5w
sed -i '1s/.*/Welcome to the {{program}}/' c5w/templates/welcome.txt
printf '\nYour task: {{task}}\n' >> c5w/templates/welcome.txt
printf '\n{{scores}} {{catch_up}}\n' >> c5w/templates/welcome.html
sed -i 's/{{unsubscribe_url}}/#/' c5w/templates/completion.html
rm c5w/templates/completion.txt
run "$R" curriculum check c5w
status_is 2
err_has "^c5w/templates/welcome\.txt:1: the first line must be the subject: 'Subject: \.\.\.'$"
err_has "^c5w/templates/welcome\.txt:[0-9]+: unknown merge field '\{\{task\}\}' \(known: first_name name email total_days program page_url feed_url webcal_url scorecard_url unsubscribe_url postal_address start_date send_time time_zone pacing google_url webinar\)$"
err_has "^c5w/templates/welcome\.html:[0-9]+: unknown merge field '\{\{scores\}\}'"
err_has "^c5w/templates/welcome\.html:[0-9]+: unknown merge field '\{\{catch_up\}\}'"
err_has "^c5w/templates/completion\.html:1: the template has no visible '\{\{unsubscribe_url\}\}'$"
err_has "^c5w/templates/completion\.txt: cannot read: No such file or directory$"
end

begin "a lesson may not place the catch-up box; the lesson template may"
fixture c5c
printf '\n{{catch_up}}\n' >> c5c/lessons/a.md
sed -i '1s/^/{{catch_up}}/' c5c/templates/lesson.txt
run "$R" curriculum check c5c
status_is 2
err_has "^c5c/lessons/a\.md:[0-9]+: unknown merge field '\{\{catch_up\}\}'"
err_lacks "lesson\.txt"
end

begin "a scorecard item without an id, a category no day addresses"
fixture c6
$PY - c6/scorecard.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
del s["categories"][0]["items"][1]["id"]
s["categories"][1]["days"] = []
open(sys.argv[1], "w").write(json.dumps(s, indent=1))
PY
run "$R" curriculum check c6
status_is 2
err_has '^c6/scorecard\.json:[0-9]+:[0-9]+: missing "id"$'
err_has "^c6/scorecard\.json:[0-9]+:[0-9]+: category 'beta' is addressed by no plan day"
end

begin "a duplicate item id and an unknown key, each at its line"
fixture c7
$PY - c7/scorecard.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["categories"][1]["items"][0]["id"] = "1.1"
s["categories"][0]["colour"] = "red"
open(sys.argv[1], "w").write(json.dumps(s, indent=1))
PY
line=$(grep -n '"colour"' c7/scorecard.json | cut -d: -f1)
run "$R" curriculum check c7
status_is 2
err_has "^c7/scorecard\.json:$line:[0-9]+: unknown key 'colour'$"
err_has "^c7/scorecard\.json:[0-9]+:[0-9]+: item id '1\.1' appears twice$"
end

begin "a task too long for a calendar entry"
fixture c8
$PY - c8/program.json <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["days"][4]["task"] = "x" * 81
open(sys.argv[1], "w").write(json.dumps(p, indent=1))
PY
run "$R" curriculum check c8
status_is 2
err_has '^c8/program\.json:[0-9]+:[0-9]+: task is 81 characters; a calendar entry takes at most 80$'
end

begin "a lesson with a wrong heading, a missing section and too few words"
fixture c9
printf '## Why\n\n## Stepz\n' > c9/lessons/c.md
run "$R" curriculum check c9
status_is 2
err_has "^c9/lessons/c\.md:3: heading 'Stepz' where 'Steps' was expected$"
err_has "^c9/lessons/c\.md:3: missing section '## Steps'$"
err_has '^c9/lessons/c\.md:1: 4 words; a lesson has 5 to 200$'
end

begin "a lesson that is not UTF-8 is refused with its line"
fixture c10
printf '## Why\n\nline two\n\377\376 bad bytes here\n## Steps\n## Done\n' > c10/lessons/a.md
run "$R" curriculum check c10
status_is 2
err_has '^c10/lessons/a\.md:4: not valid UTF-8 text$'
end

begin "a NUL byte in a lesson is reported at its line"
fixture c13
printf '## Why\n\ntwo\nthree \000 here\n' > c13/lessons/b.md
run "$R" curriculum check c13
status_is 2
err_has '^c13/lessons/b\.md:4: not valid UTF-8 text$'
end

begin "a line break in a title is refused (it would reach a mail header)"
fixture c14
sed -i 's/"Fixture day 1"/"Hi\\r\\nBcc: victim@example.org"/' c14/program.json
run "$R" curriculum check c14
status_is 2
err_has '^c14/program\.json:[0-9]+:[0-9]+: "title" must not hold line breaks or other control characters$'
end

begin "a lesson path outside the folder is refused"
fixture c11
sed -i 's|"lessons/a.md"|"../../etc/passwd"|' c11/program.json
run "$R" curriculum check c11
status_is 2
err_has "lesson '\.\./\.\./etc/passwd' must be a path inside the curriculum folder"
end

begin "a lesson may name only the scorecard's categories, each at its line"
fixture c15
printf '\nWork on {{category: Alpha}} and {{category: Gamma}} next.\n' >> c15/lessons/a.md
printf '\n- {{category: Beta}}: 50\n- {{category: Alpha & Beta}}: 0\n' >> c15/lessons/b.md
run "$R" curriculum check c15
status_is 2
err_has "^c15/lessons/a\\.md:14: 'Gamma' is not a scorecard category \\(the categories: 'Alpha', 'Beta'\\)$"
err_has "^c15/lessons/b\\.md:15: 'Alpha & Beta' is not a scorecard category "
err_lacks "'(Alpha|Beta)' is not a scorecard category"
err_lines 3
end

begin "a named category reaches the email as its plain title"
fixture c16
printf '\nWork on {{category: Beta}} next.\n' >> c16/lessons/b.md
run "$R" curriculum check c16
status_is 0
printf '{"curriculum": "c16"}\n' > c16.json
run "$R" -c c16.json preview 1
status_is 0
out_has '^Work on Beta next\.$'
out_lacks 'category'
run "$R" -c c16.json preview 1 --html
out_has 'Work on Beta next\.'
end

begin "a template cannot name a category"
fixture c17
sed -i '2s/{{lesson}}/{{lesson}} {{category: Alpha}}/' c17/templates/lesson.txt
run "$R" curriculum check c17
status_is 2
err_has "^c17/templates/lesson\\.txt:2: unknown merge field '\\{\\{category: Alpha\\}\\}'"
end

begin "many problems in one folder are all listed"
fixture c12
rm c12/lessons/a.md
sed -i 's/"pacing": "daily"/"pacing": "hourly"/' c12/program.json
printf '{"title": "x"}\n' > c12/scorecard.json
run "$R" curriculum check c12
status_is 2
err_has 'lessons/a\.md: cannot read'
err_has 'program\.json:[0-9]+:[0-9]+: "pacing" must be "daily" or "weekdays"'
err_has 'scorecard\.json:[0-9]+:[0-9]+: missing "scale"'
err_has 'scorecard\.json:[0-9]+:[0-9]+: missing "categories"'
n=$(grep -c '^c12/' "$T/.err")
[ "$n" -ge 6 ] || fail "only $n problems listed"
end

finish
