"""Admin: users and roles, passwords, erasing a person on request, and the audit log."""

import pandas as pd
import streamlit as st

from chatr import admin, auth, backup
from chatr.ui import cache, session, widgets

user = session.require("manage_users")
con = cache.connection()

st.title("Admin")
widgets.show_flash()


accounts = pd.DataFrame(auth.users())
st.subheader(f"Users ({len(accounts)})")
st.dataframe(accounts, hide_index=True, width="stretch")

add, change, erase, log, keep = st.tabs(
    ["Add a user", "Change a user", "Erase a person", "Audit log", "Backup"]
)
with add, st.form("add_user", clear_on_submit=True):
    username = st.text_input("User name", placeholder="e.g. jsmith")
    name = st.text_input("Full name")
    email = st.text_input("E-mail")
    role = st.selectbox("Role", auth.ROLES)
    if st.form_submit_button("Add user"):
        try:
            password = admin.add_user(con, user.username, username, role, name, email)
        except ValueError as error:
            st.error(str(error))
        else:
            st.success(
                f"Added {username.strip().lower()} ({role}). Their one-time password is shown "
                "only now: give it to them safely and ask them to change it under Account."
            )
            st.code(password, language=None)

with change:
    others = [a for a in accounts["username"] if a != user.username]
    target = st.selectbox("User", others, key="admin_target")
    if target:
        current = accounts.set_index("username").loc[target]
        new_role = st.selectbox(
            "Role", auth.ROLES, index=auth.ROLES.index(current.role), key="admin_role"
        )
        columns = st.columns(3)
        try:
            if columns[0].button("Save role", disabled=new_role == current.role):
                admin.set_role(con, user.username, target, new_role)
                widgets.flash(f"{target} is now {new_role}.")
            label = "Enable account" if current.disabled else "Disable account"
            if columns[1].button(label):
                admin.set_disabled(con, user.username, target, not current.disabled)
                widgets.flash(f"{target}: {label.lower().replace(' account', 'd')}.")
            if columns[2].button("Reset password"):
                password = admin.reset_password(con, user.username, target)
                st.success(f"New one-time password for {target}, shown only now:")
                st.code(password, language=None)
        except ValueError as error:
            st.error(str(error))

with erase:
    st.markdown(
        "Erase everything held about one person (UK GDPR right to erasure): their survey "
        "answers, pilot ratings, feedback, recruitment marks, Slack messages, attendance and "
        "contact details. Their e-mail is remembered only as a scrambled (salted) hash, so a "
        "later export still holding them leaves them out and says so. The audit log records "
        "that an erasure happened, without the person's details. Backups made before it still "
        "hold them until they expire."
    )
    with st.form("erase_person", clear_on_submit=True):
        email = st.text_input(
            "The person's e-mail or full name",
            help="By name only when one person has it; otherwise you are asked for the e-mail.",
        )
        sure = st.checkbox("I understand this cannot be undone")
        if st.form_submit_button("Erase this person"):
            if not sure:
                st.error("Tick the box to confirm first.")
            else:
                try:
                    removed = admin.erase_person(con, user.username, email)
                except ValueError as error:
                    st.error(str(error))
                else:
                    st.success(f"Erased: {removed} rows removed. The figures are updated.")

with log:
    st.dataframe(cache.cached(admin.audit_log), hide_index=True, width="stretch")

with keep:
    st.markdown(
        "Download a copy of the database as it is at this moment, taken while the app runs: an "
        "upload or erasure in progress is wholly in it or not at all. It is **the database "
        "only**: not the users and passwords, nor the cookie key (back up `credentials.yaml` and "
        "`cookie_secret` from the server). It holds personal data, including anyone erased after "
        "it was made: keep it safe and delete it when it expires. To restore it, stop the app "
        "and run `python -m chatr restore FILE` on the server."
    )
    st.download_button(
        "Download a backup of the database",
        data=lambda: backup.backup_bytes(con, made_by=user.username),  # made when clicked
        file_name=backup.file_name(),
        mime="application/octet-stream",
        on_click="ignore",
    )
