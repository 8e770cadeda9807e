"""HTTP plumbing that every blueprint shares, so that blueprints never import each other.

errors      error pages (400 ... 503) in the visitor's language, database faults as 503
headers     security headers and caching rules on every response
inputs      input no database can take (NUL characters, ids past an id column)
redirects   the safe ``next`` check: only a path of this app
downloads   file responses with a name in any script (RFC 6266)
forms       the base form, with WTForms' own messages in Indonesian too
templating  what every template may use: figures, status words, the quick exit
consent     the parents'-consent form, shown by the teacher's and the admin's pages
question_texts  quiz texts and the words around a question in one language (students' pages, staff's preview)
answer_forms    a question form read into a response (students' pages, staff's preview)
request_log the request id (X-Request-ID, error pages) and one log line per request
metrics     Prometheus counters and the scrape (operators only)
health      readiness (database, migrations, banks), the version, who is an operator
"""
