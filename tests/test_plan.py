"""Today's plan and the Home overview, from constructed histories."""

from __future__ import annotations

from datetime import date

from gmi.app.overview import build_overview
from gmi.model.home_view import greeting
from gmi.model.plan import about_minutes, stage_minutes, todays_plan
from gmi.model.presets import presets
from gmi.model.protocol import parse_protocol
from gmi.store import DataStore

TWO_STAGES = parse_protocol(
    'schema_version = 1\nid = "t"\ntitle = "T"\nbody_part = "hand"\n'
    'sessions_per_day = 2\nstages = ["imagery", "laterality"]\n'
)


def test_plan_runs_stages_in_clinical_order() -> None:
    plan = todays_plan(TWO_STAGES, [])
    assert [s.stage for s in plan.steps] == ["laterality", "imagery"]
    assert [s.status for s in plan.steps] == ["next", "later"]
    assert plan.next_step.stage == "laterality"
    assert plan.rounds_done == 0 and plan.rounds_planned == 2


def test_plan_moves_on_and_counts_rounds() -> None:
    plan = todays_plan(TWO_STAGES, ["laterality"])
    assert [s.status for s in plan.steps] == ["done", "next"]
    plan = todays_plan(TWO_STAGES, ["laterality", "imagery"])
    assert plan.rounds_done == 1 and [s.status for s in plan.steps] == ["next", "later"]
    plan = todays_plan(TWO_STAGES, ["laterality", "imagery"] * 2)
    assert plan.all_done and plan.next_step is None and plan.minutes_left == 0


def test_time_estimates_are_honest_and_round() -> None:
    hand = presets()["hand-standard"]
    minutes = stage_minutes(hand, "laterality")
    assert 2.5 < minutes < 6  # 48 images at about 3.3 s each, plus an introduction
    assert about_minutes(0.2) == "about 1 minute"
    assert about_minutes(3.4) == "about 4 minutes"
    assert about_minutes(12.1) == "about 15 minutes"


def test_greeting_follows_the_time_of_day() -> None:
    from datetime import datetime

    assert greeting("Anna", datetime(2026, 1, 1, 8)) == "Good morning, Anna"
    assert greeting("Anna", datetime(2026, 1, 1, 14)) == "Good afternoon, Anna"
    assert greeting("Anna", datetime(2026, 1, 1, 21)) == "Good evening, Anna"


def test_overview_reports_done_today_last_result_and_interruption(store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    sessions = store.sessions(profile.id)
    done = sessions.start("laterality")
    done.append("step", {})
    done.finish("completed", "30 of 40 correct")
    broken = sessions.start("laterality")
    for _ in range(3):
        broken.append("step", {})
    broken.close()

    overview = build_overview(profile, sessions, date.today())
    card = overview.cards[0]
    assert card.stage == "laterality" and card.in_plan and card.done_today == 1
    assert card.last_result == "Today: stopped early; 3 steps saved"
    assert "All 3 steps you finished were saved" in overview.interrupted_today
    assert overview.plan.rounds_done == 1
    assert [c.in_plan for c in overview.cards] == [True, True, True, True]
    assert [c.unlocked for c in overview.cards] == [True, False, False, False]
    assert overview.cards[1].why.startswith("Practise 'Left or right?' on 5 of 7 days")
    assert [s.stage for s in overview.plan.steps] == ["laterality"]
    assert overview.sessions_total == 2


def test_overview_for_a_new_person(store: DataStore) -> None:
    profile = store.profiles.create("P-2", "foot", "left")
    overview = build_overview(profile, store.sessions(profile.id), date.today())
    assert overview.protocol.body_part == "foot"
    assert overview.interrupted_today == ""
    assert all(c.last_result == "" for c in overview.cards)


def test_homes_total_is_what_its_rows_add_up_to() -> None:
    from gmi.model.plan import DayPlan, PlanStep, plan_words

    steps = (PlanStep("laterality", "Left or right?", 4.4, "done"),
             PlanStep("imagery", "Imagine", 6.6, "next"),
             PlanStep("mirror", "Mirror", 10.7, "later"),
             PlanStep("tracking", "Move", 7.8, "later"))
    words = plan_words(DayPlan(steps, 0, 1))
    assert words.rows == ("about 5 minutes", "about 7 minutes", "about 11 minutes",
                          "about 8 minutes")
    assert words.total_left == "about 26 minutes"  # 7 + 11 + 8, not a rounding of 25.1


def _often(stages: str, per_day: int = 2):
    return parse_protocol(
        f'schema_version = 1\nid = "often"\ntitle = "Often"\nbody_part = "hand"\n'
        f'sessions_per_day = {per_day}\nstages = [{stages}]\n')


def test_rounds_are_counted_from_the_journals_with_their_own_programme() -> None:
    from gmi.model.plan import DoneStage, rounds_of_day

    both = frozenset({"laterality", "imagery"})
    done = [DoneStage("laterality", both), DoneStage("imagery", both)]
    assert rounds_of_day(done, ["laterality", "imagery"]).done == 1
    # the programme now has the mirror too: this morning's round stays finished
    assert rounds_of_day(done, ["laterality", "imagery", "mirror"]).done == 1
    # a stage done again starts the next round; half a round is not a round
    again = [*done, DoneStage("laterality", both)]
    assert rounds_of_day(again, ["laterality", "imagery"]).done == 1
    assert rounds_of_day(again, ["laterality", "imagery"]).open == {"laterality"}
    assert rounds_of_day([DoneStage("laterality", both)], ["laterality", "imagery"]).done == 0


def test_session_counter_stays_after_a_programme_change_and_a_restart(store: DataStore) -> None:
    from gmi.store.protocols import apply_protocol

    profile = store.profiles.create("P-1", "hand", "right")
    before = _often('"laterality"')
    profile = apply_protocol(store.layout, store.profiles, profile, before)
    journal = store.sessions(profile.id).start("laterality", before.model_dump(mode="json"))
    journal.append("step", {})
    journal.finish("completed", "30 of 40 correct")
    today = date.today()
    plan = build_overview(profile, store.sessions(profile.id), today).plan
    assert (plan.rounds_done, plan.rounds_planned) == (1, 2)  # "Session 2 of 2"

    # the therapist adds imagery and opens it early: the morning's round stays done
    profile = apply_protocol(store.layout, store.profiles, profile,
                             _often('"laterality", "imagery"'), unlocked=["imagery"])
    plan = build_overview(profile, store.sessions(profile.id), today).plan
    assert plan.rounds_done == 1
    assert [(s.stage, s.status) for s in plan.steps] == [("laterality", "next"),
                                                         ("imagery", "later")]
    # a restart: a new store on the same folder reads the same count
    again = DataStore(store.root)
    person = again.profiles.get(profile.id)
    assert build_overview(person, again.sessions(person.id), today).plan.rounds_done == 1


def test_the_days_words_name_every_session_left() -> None:
    from gmi.model.plan import DayPlan, PlanStep, plan_words

    def plan(first: str, done: int, planned: int) -> DayPlan:
        return DayPlan((PlanStep("laterality", "Left or right?", 2.6, first),
                        PlanStep("imagery", "Imagine", 1.9, "later")), done, planned)

    assert plan_words(plan("next", 0, 1)).day == "about 5 minutes"
    assert plan_words(plan("next", 0, 2)).day == "2 sessions of about 5 minutes"
    assert plan_words(plan("next", 1, 3)).day == "2 sessions of about 5 minutes"
    assert plan_words(plan("next", 1, 2)).day == "about 5 minutes"  # the last one
    assert plan_words(plan("done", 0, 2)).day == \
        "about 2 minutes now, then 1 more session of about 5 minutes"
    assert plan_words(plan("done", 0, 3)).day == \
        "about 2 minutes now, then 2 more sessions of about 5 minutes"


def test_the_welcome_says_the_day_home_plans(store: DataStore) -> None:
    """The welcome's "Today: ..." comes from the same plan and words as Home's."""
    from gmi.model.plan import plan_words

    profile = store.profiles.create("P-3", "hand", "right")
    overview = build_overview(profile, store.sessions(profile.id), date.today())
    assert overview.protocol.sessions_per_day == 2  # the hand's standard programme
    words = plan_words(overview.plan)
    assert words.day == f"2 sessions of {words.total_left}"


def test_a_round_done_before_a_stage_opened_stays_done(store: DataStore) -> None:
    """Imagery opens at noon (the therapist, or progression): the morning's round,
    done when only laterality was open, is still a finished round."""
    from gmi.store.protocols import apply_protocol

    profile = store.profiles.create("P-1", "hand", "right")
    both = _often('"laterality", "imagery"')
    profile = apply_protocol(store.layout, store.profiles, profile, both)
    today = date.today()
    plan = build_overview(profile, store.sessions(profile.id), today).plan
    assert [s.stage for s in plan.steps] == ["laterality"]  # imagery not open yet

    def morning(open_stages):
        journal = store.sessions(profile.id).start(
            "laterality", both.model_dump(mode="json"), open_stages=open_stages)
        journal.append("step", {})
        journal.finish("completed", "30 of 40 correct")
        return journal.path

    path = morning(["laterality"])
    assert build_overview(profile, store.sessions(profile.id), today).plan.rounds_done == 1
    profile = apply_protocol(store.layout, store.profiles, profile, both, unlocked=["imagery"])
    plan = build_overview(profile, store.sessions(profile.id), today).plan
    assert plan.rounds_done == 1
    assert [(s.stage, s.status) for s in plan.steps] == [("laterality", "next"),
                                                         ("imagery", "later")]
    # a journal from before the open stages were recorded is judged by today's
    path.unlink()
    morning(None)
    assert build_overview(profile, store.sessions(profile.id), today).plan.rounds_done == 0
