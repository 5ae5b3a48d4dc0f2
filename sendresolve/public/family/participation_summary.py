"""The request's answers about taking part, as check-your-answers rows: (question slug, key,
value). Blank optional answers say so in words, so a family sees what they skipped."""

from sendresolve.participation.selectors import labels
from sendresolve.participation.vocabulary import Access, ChildWay, Times


def participation_rows(answers: dict) -> list[tuple[str, str, str]]:
    interpreters = []
    if answers.get("interpreter_language"):
        interpreters.append(answers["interpreter_language"])
    if answers.get("bsl"):
        interpreters.append("British Sign Language (BSL)")
    access = labels(answers.get("access") or [], Access)
    times = labels(answers.get("times") or [], Times)
    child = labels(answers.get("child_ways") or [], ChildWay)
    supporter = answers.get("supporter_name", "")
    if supporter:
        details = [answers.get("supporter_relationship", ""), answers.get("supporter_contact", "")]
        supporter = ", ".join(filter(None, [supporter, *details]))
        attends = answers.get("supporter_attends") == "yes"
        supporter += " (coming to the meeting)" if attends else " (not coming to the meeting)"
    return [
        ("interpreter", "Interpreter", ", ".join(interpreters) or "Not needed"),
        ("access", "Help to take part", "; ".join(access) or "None"),
        ("access", "Anything else you need", answers.get("access_other") or "Nothing else"),
        ("times", "Best times to meet", "; ".join(times) or "Any time"),
        ("times", "Times that do not suit you", answers.get("times_note") or "None given"),
        (
            "child-views",
            "How the child or young person takes part",
            "; ".join(child) or "Not sure yet",
        ),
        ("child-views", "What would help them", answers.get("child_note") or "Nothing given"),
        ("supporter", "Supporter", supporter or "None"),
    ]
