"""Short constructors and the round-trip check shared by the GIFT tests."""
from kmi_learn.gift import Choice, MatchPair, NumericalAnswer, Question, parse, write

C, N, P = Choice, NumericalAnswer, MatchPair


def Q(qtype, text, **fields):
    return Question(qtype=qtype, text=text, **fields)


def check(text, **kwargs):
    """Parse, and check that writing gives back the same questions, idempotently."""
    questions = parse(text, **kwargs)
    written = write(questions)
    assert parse(written) == questions, written
    assert write(parse(written)) == written
    return questions
