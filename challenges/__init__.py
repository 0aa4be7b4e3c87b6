"""Challenges: the scheduled peer reviews, their teams and the matcher (design §1 "Challenge").

For now this package holds only `challenges.matching`, the team matcher: plain Python with no
Django import, fed a plain-data problem (see docs/matching.md). The Django app (models,
services, pages) will grow around it; it is not in INSTALLED_APPS yet.
"""
