"""ChATR programme dashboard: data, queries and charts, testable without Streamlit."""
