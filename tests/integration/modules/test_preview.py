"""The preview: a teacher goes through a module as a student would, sees every feedback and the key, and nothing is recorded."""

from __future__ import annotations

from tests import factories
from tests.integration.modules.conftest import BANK, EN, row_counts, text

QUESTIONS = f"/modules/{BANK}/preview/q"


def form_of(question, response: dict) -> dict:
    """What a browser posts for ``response`` (the stored shape) to ``question``."""
    if question.type == "single":
        return {"choice": response["choice"]}
    if question.type == "multiple":
        return {"choice": response["choices"]}
    if question.type == "true_false":
        return {"answer": "true" if response["answer"] else "false"}
    if question.type == "order":
        return {f"pos-{item_id}": str(place) for place, item_id in enumerate(response["order"], 1)}
    if question.type == "chat":
        return {"flag": response["flags"]}
    return {"value": str(response["value"])}


def test_a_teacher_goes_through_every_question_and_nothing_is_recorded(teacher, catalogue):
    bank = catalogue.get(BANK)
    before = row_counts()
    for number, question in enumerate(bank.questions, 1):
        page = text(teacher.get(f"{QUESTIONS}/{question.id}", headers=EN))
        assert f"Question {number} of {len(bank.questions)}" in page
        assert "nothing you answer here is recorded" in page and "Answer key" in page
        response = teacher.post(f"{QUESTIONS}/{question.id}", data=form_of(question, factories.correct_response(question)))
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/{question.id}/feedback")
        feedback = text(teacher.get(response.headers["Location"], headers=EN))
        assert question.explanation["en"] in feedback
        assert ("Right!" if question.scored else "Thank you for your honest answer.") in feedback
        last = number == len(bank.questions)
        assert ("See the results" if last else "Next question") in feedback
    results = text(teacher.get(f"/modules/{BANK}/preview/end", headers=EN))
    assert "Score: 100%" in results and "Passed" in results and "5 of 5 right" in results
    assert row_counts() == before  # no attempt, answer, misconception, audit event: nothing at all


def test_a_wrong_answer_shows_the_student_feedback_and_what_a_class_report_would_count(teacher):
    teacher.post(f"{QUESTIONS}/who-does-it", data={"choice": "a"})
    page = text(teacher.get(f"{QUESTIONS}/who-does-it/feedback", headers=EN))
    assert "Not quite" in page and "Not only strangers." in page  # the verdict and the picked choice's feedback
    assert "The class report counts the misconception:" in page and "believes only strangers do this" in page
    assert "the counsellor would follow this student up" in page  # a key item

    teacher.post(f"{QUESTIONS}/game-chat", data={})  # no red flag marked: the diamonds go unnoticed
    chat = text(teacher.get(f"{QUESTIONS}/game-chat/feedback", headers=EN))
    assert "you missed it" in chat and "A gift plus a secret is the grooming pattern." in chat
    assert "believes keeping an online friend secret is normal" in chat


def test_the_key_beside_a_question_names_the_right_answer_and_what_each_wrong_one_reveals(teacher):
    page = text(teacher.get(f"{QUESTIONS}/who-does-it", headers=EN))
    assert "Key safety item." in page and "right answer" in page
    assert "Reveals:" in page and "believes only strangers do this" in page
    chat = text(teacher.get(f"{QUESTIONS}/game-chat", headers=EN))
    assert "red flag" in chat and "Missing it reveals:" in chat and "A gift plus a secret" in chat
    concern = text(teacher.get("/modules/sample-grooming/preview/q/gift-secret", headers=EN))
    assert "concern: the counsellor sees it first" in concern


def test_a_teacher_may_try_another_answer_to_see_its_feedback(teacher):
    teacher.post(f"{QUESTIONS}/who-does-it", data={"choice": "a"})
    teacher.post(f"{QUESTIONS}/who-does-it", data={"choice": "b"})
    student_sees = text(teacher.get(f"{QUESTIONS}/who-does-it/feedback", headers=EN)).split("<aside")[0]
    assert "Right!" in student_sees and "Not only strangers." not in student_sees  # the key beside it has every feedback
    again = text(teacher.get(f"{QUESTIONS}/who-does-it", headers=EN))
    assert 'value="b" checked' in again  # the question comes back as it was left


def test_refused_answers_are_explained_and_keep_what_was_chosen(teacher):
    nothing = teacher.post(f"{QUESTIONS}/who-does-it", data={}, headers=EN)
    assert nothing.status_code == 400 and "Choose an answer first, then send it." in text(nothing)
    twice = teacher.post(f"{QUESTIONS}/steps", data={"pos-stop": "1", "pos-save": "1", "pos-tell": "3"}, headers=EN)
    assert twice.status_code == 400 and "Give each step a different position" in text(twice)
    stranger = teacher.post(f"{QUESTIONS}/who-does-it", data={"choice": "z"}, headers=EN)
    assert stranger.status_code == 400 and "That answer does not fit this question." in text(stranger)
    # Nothing was kept: the feedback pages lead back to the questions.
    for question_id in ("who-does-it", "steps"):
        assert teacher.get(f"{QUESTIONS}/{question_id}/feedback").headers["Location"].endswith(f"/q/{question_id}")


def test_the_preview_lives_in_one_browser_and_starts_again_on_request(teacher, world, login_as, catalogue):
    teacher.post(f"{QUESTIONS}/who-does-it", data={"choice": "b"})
    other_browser = login_as(world.a.teacher)
    assert other_browser.get(f"{QUESTIONS}/who-does-it/feedback").status_code == 302
    assert "You answered 1 of 7 questions." in text(teacher.get(f"/modules/{BANK}/preview/end", headers=EN))
    restarted = teacher.post(f"/modules/{BANK}/preview/restart")
    assert restarted.headers["Location"].endswith(f"/q/{catalogue.get(BANK).questions[0].id}")
    assert "You answered 0 of 7 questions." in text(teacher.get(f"/modules/{BANK}/preview/end", headers=EN))


def test_previewing_another_module_starts_afresh(teacher):
    teacher.post(f"{QUESTIONS}/who-does-it", data={"choice": "b"})
    teacher.post("/modules/sample-grooming/preview/q/gift-secret", data={"choice": "a"})
    assert teacher.get(f"{QUESTIONS}/who-does-it/feedback").status_code == 302  # one module at a time


def test_quiz_texts_can_be_read_in_the_other_language_along_the_whole_preview(teacher):
    page = text(teacher.get(f"{QUESTIONS}/who-does-it?lang=id", headers=EN))
    assert "Siapa yang bisa menjadi pelaku?" in page and "Question 2 of 7" in page
    response = teacher.post(f"{QUESTIONS}/who-does-it?lang=id", data={"choice": "b"})
    assert response.headers["Location"].endswith("/feedback?lang=id")
    feedback = text(teacher.get(response.headers["Location"], headers=EN))
    assert "Pelaku bisa siapa saja." in feedback and "lang=id" in feedback.split("Next question")[0]


def test_the_preview_and_the_printed_pages_only_read_who_is_signed_in(teacher, count_queries):
    """Modules are the catalogue's, held in memory: the pages ask the database nothing but the visitor, and write nothing."""
    pages = [
        f"/modules/{BANK}",
        f"{QUESTIONS}/game-chat",
        f"{QUESTIONS}/game-chat/feedback",
        f"/modules/{BANK}/preview/end",
        f"/modules/{BANK}/worksheet",
        f"/modules/{BANK}/teacher-copy",
        "/modules/",
    ]
    teacher.get("/modules/")  # the first request of a client may settle its session
    for url in pages:
        with count_queries() as statements:
            assert teacher.get(url).status_code in (200, 302), url
        assert len(statements) <= 2, (url, statements)
    with count_queries() as statements:
        assert teacher.post(f"{QUESTIONS}/game-chat", data={"flag": ["m2"]}).status_code == 302
    assert len(statements) <= 2 and not [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]
