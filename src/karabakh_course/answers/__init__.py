"""Each lesson's exercise checkers, one module per lesson (``lNN.py``); see
:mod:`karabakh_course.checks`."""
