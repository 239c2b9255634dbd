"""The Streamlit layer below the pages: the only code outside app.py and pages/ that imports
Streamlit. `session` signs people in and guards pages, `cache` holds the connection and cached
results, `sidebar` the global filters, `widgets` the pieces pages share, `pilot_view` one
cohort's results."""
