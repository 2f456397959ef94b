"""A blind critique of a run (GEMBA-MQM, Kocmi & Federmann 2023): the judge's answer and what
is kept of it (`models.py`), the blind requests (`prompts.py`), the check that every quoted
span stands in the sentence it names (`verify.py`), the score and the ranking's consistency
(`scoring.py`). Pure: no I/O, no provider."""
