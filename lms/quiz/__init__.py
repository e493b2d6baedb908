"""Quizzes: question banks, attempts, grading and the gating they drive."""
