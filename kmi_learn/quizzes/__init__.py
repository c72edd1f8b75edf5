"""Quizzes: questions with versions, attempts, grading and the quiz pages."""
