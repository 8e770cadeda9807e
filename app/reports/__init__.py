"""Read-only reports: aggregate queries behind the teacher's and counsellor's pages.

Each report runs a fixed number of SQL statements (joins and GROUP BY) whatever the
size of the class, and returns plain rows (frozen dataclasses) that templates and
CSV exports show as they are: the figures are computed once, here, so the page and
the spreadsheet always agree.

  overview       a teacher's classes with their student counts and assignments
  class_report   the grid of students by assignment, one assignment's questions,
                 misconceptions and reflections, its answers for the CSV
  student_answers  one student's attempts and answers, with the explanations
  answers        how a stored response reads to a teacher (the chosen texts)
  key_items, opt_outs, school_overview, audit_log
                 the counsellor's and admin's reports (see each module)
"""
