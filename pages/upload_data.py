"""Upload data: a survey export as it came from the tool → a validation report and a preview
→ confirm → loaded in one transaction. Upload history below; an admin can undo a batch."""

import streamlit as st

from chatr import auth, pilot, upload, waves
from chatr.ingest import KIND_LABELS, template_csv
from chatr.ingest.fields import FIELD_LABELS
from chatr.ingest.validation import ENGAGEMENT_KIND_LABELS
from chatr.ui import cache, session, widgets

user = session.require("upload")
con = cache.connection()

st.title("Upload data")
st.caption(
    "Upload the file exactly as Microsoft Forms, Google Forms, SurveyMonkey or Qualtrics gave "
    "it (CSV or Excel), or a Slack export (.zip) or Teams or Zoom attendance report as it came. "
    "Nothing is saved until you have seen the report and confirmed."
)
widgets.show_flash()

# The surveys and the plan, then the Community of Practice's Slack export and attendance reports.
labels = KIND_LABELS | ENGAGEMENT_KIND_LABELS
kind = st.selectbox("What is in the file?", list(labels), format_func=labels.get)
cohort, cohort_problem, event = None, None, None
if kind in upload.COHORT_KINDS:
    plan = cache.cached(pilot.cohorts)
    choices = [*plan["cohort_label"], "Another cohort (type it)"]
    cohort = st.selectbox("Which cohort?", choices, key="upload_cohort")
    if cohort == choices[-1]:
        cohort = st.text_input("Cohort", placeholder="e.g. 0-5 #3")
    cohort_problem = upload.cohort_problem(kind, cohort)
    if cohort_problem:
        st.error(cohort_problem)
if kind == "attendance":
    title = st.text_input(
        "Event title",
        placeholder="e.g. Show & Tell Feb 2021",
        help="Leave empty to use the meeting's title from the report (older Teams lists have "
        "none). Reports of one series often share a title: the date tells them apart.",
    )
    event = title.strip() or None
if kind in KIND_LABELS:  # Slack exports and attendance reports are loaded as the tool made them
    st.download_button(
        f"Download the plain CSV template for this kind ({kind}.csv)",
        template_csv(kind).encode("utf-8-sig"),
        file_name=f"chatr_{kind}_template.csv",
        mime="text/csv",
    )
# A new key after each load clears the uploader, so the report of a loaded file goes away.
round_key = st.session_state.setdefault("upload_round", 0)
file = st.file_uploader("Survey export or template", key=f"upload_file_{kind}_{round_key}")
if file is not None:
    data = file.getvalue()
    overrides = st.session_state.get("upload_overrides", {})
    with st.spinner("Reading and checking the file…"):
        parsed, preview = upload.check(con, data, file.name, kind, overrides or None, event=event)
    st.subheader("Validation report")
    tiles = st.columns(4)
    read_as = parsed.tool.replace("_", " ") if parsed.n_rows_staged else "not recognised"
    tiles[0].metric("Read as", read_as)
    tiles[1].metric("Rows in file", parsed.n_rows_in_file)
    tiles[2].metric("Rows to load", parsed.n_rows_staged)
    tiles[3].metric("Merged / left out", f"{parsed.n_duplicates_merged} / {parsed.n_excluded}")
    st.caption(parsed.layout)
    if parsed.unmapped:
        st.warning("Some questions could not be matched to a column. Pick the right column:")
        for name, candidates in parsed.unmapped.items():
            picked = st.selectbox(
                f"Which column holds the {FIELD_LABELS.get(name, name)}?",
                ["(choose)", *candidates],
                key=f"map_{name}",
            )
            if picked != "(choose)":
                overrides = {**overrides, name: picked}
        if st.button("Use these columns (remembered for this form)"):
            st.session_state["upload_overrides"] = overrides
            st.rerun()
    problems = upload.problems_table(parsed)
    if len(problems):
        st.dataframe(problems, hide_index=True, width="stretch")
    else:
        st.success("No problems found.")
    if len(preview):
        with st.expander(f"Preview: the first {len(preview)} rows as they will be loaded"):
            st.dataframe(preview, hide_index=True, width="stretch")
    wave, wave_problem = None, None
    if parsed.wave_suggestion is not None:
        options, first = upload.wave_options(cache.cached(waves.listed), parsed.wave_suggestion)
        wave = st.selectbox(
            "Which survey wave are these answers?", options, index=first, key="upload_wave",
            help="Each run of the survey is a wave; a person answers once per wave. A newer "
            "export of the same run replaces each person's answers in that wave.",
        )  # fmt: skip
        if note := upload.wave_note(parsed.wave_suggestion, wave):
            st.info(note)
        if wave == upload.NEW_WAVE:
            wave = st.text_input("Name of the new wave", value=parsed.wave_suggestion.new_label)
        wave_problem = upload.wave_problem(kind, wave)
        if wave_problem:
            st.error(wave_problem)
    label = f"Load {parsed.n_rows_staged} rows"
    blocked = not parsed.ok or bool(cohort_problem) or bool(wave_problem)
    if st.button(label, type="primary", disabled=blocked):
        with st.status("Loading in one transaction…", expanded=False) as progress:
            outcome = upload.load_file(
                con, data, file.name, kind, cohort=cohort, uploaded_by=user.username,
                overrides=overrides or None, event=event, wave=wave,
            )  # fmt: skip
            progress.update(label=outcome.message, state="complete")
        if outcome.status == "refused":
            st.error(outcome.message)
        else:
            st.session_state.pop("upload_overrides", None)
            st.session_state["upload_round"] = round_key + 1
            widgets.flash(outcome.summary())

st.subheader("Upload history")
history = cache.cached(upload.history)
st.dataframe(
    upload.history_table(history), hide_index=True, width="stretch",
    column_config={
        when: st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")
        for when in ("When", "Undone at")
    },
)  # fmt: skip
if auth.can(user.role, "manage_users"):
    labels = upload.batch_labels(history[history["status"] == "loaded"])
    with st.expander("Undo a batch (admin)"):
        batch = st.selectbox("Batch", list(labels), format_func=labels.get)
        sure = st.checkbox("I understand its rows stop counting everywhere")
        if st.button("Undo this batch", disabled=batch is None or not sure):
            widgets.flash(upload.undo(con, int(batch), undone_by=user.username))
