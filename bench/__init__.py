"""Load and scale benchmarks of Waspada (see docs/performance.md).

A school opens a module for 30 to 40 students in the same minute, and a district
server holds many schools. ``bench/run`` measures how Waspada holds up: it serves
the app under gunicorn on loopback with a fresh database, replays classes of
students doing the real thing through HTTP, compares the figures with a bare Flask
page on the same server, and checks in SQL that every answer sent was saved once.
``bench.generate_district`` fills a database with a whole district and times the
reports on it. Nothing here is imported by the app.
"""
