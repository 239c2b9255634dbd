"""Account: the signed-in user changes their own password."""

import streamlit as st

from chatr import admin, auth
from chatr.ui import cache, session

user = session.require("view_aggregates")
st.title("Account")
st.markdown(f"Signed in as **{user.name}** ({user.username}, {user.role}).")
with st.form("change_password", clear_on_submit=True):
    st.subheader("Change your password")
    current = st.text_input("Current password", type="password")
    new = st.text_input(
        f"New password (at least {auth.MIN_PASSWORD_LENGTH} characters)", type="password"
    )
    again = st.text_input("New password again", type="password")
    if st.form_submit_button("Change password"):
        if new != again:
            st.error("The two new passwords differ.")
        else:
            try:
                admin.change_own_password(cache.connection(), user.username, current, new)
            except ValueError as error:
                st.error(str(error))
            else:
                session.renew()  # the change ended every session of theirs but this one
                st.success("Password changed.")
