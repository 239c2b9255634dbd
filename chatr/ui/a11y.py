"""What WCAG 2.2 AA needs that Streamlit's theme (.streamlit/config.toml) cannot give: a focus
ring every control shows, readable disabled controls, chart toolbars that appear when a keyboard
reaches them, and a chart's picture named for screen readers. Drawn once per run, from app.py.

The colours are named here so tests/unit/test_accessibility_colours.py can check their contrast.
"""

from __future__ import annotations

import streamlit as st

# GOV.UK's text colour (the theme's textColor): 19.6:1 against white.
FOCUS_COLOUR = "#0B0C0C"
# GOV.UK's secondary text colour: a disabled control's words, 7.1:1 on white, 6.3:1 on the
# sidebar (Streamlit draws them at 40% opacity, about 2.7:1).
DISABLED_TEXT_COLOUR = "#505A5F"
BACKGROUNDS = ("#FFFFFF", "#F3F2F1")  # the theme's backgroundColor and secondaryBackgroundColor

# Streamlit's own focus ring is the primary colour at half opacity (about 2:1 against white), and
# some controls (sidebar links, select boxes) show focus by a faint background or border alone.
# One outline everywhere instead; controls whose focused element is an input inside a box
# (selects, text, number and date inputs) draw it around the box. The chart toolbar is shown while
# focus is in it (Plotly shows it on hover only, so a keyboard would tab through unseen buttons).
CSS = f"""
<style>
:focus-visible {{
  outline: 3px solid {FOCUS_COLOUR} !important;
  outline-offset: 2px !important;
}}
/* Select boxes and text, number and date inputs: the ring goes round the whole box, inside its
   edge (the input itself sits in a box that clips, and forms and tabs clip what is outside). */
.react-aria-ComboBox:has(input:focus-visible),
[data-testid="stTextInputRootElement"]:has(input:focus-visible),
[data-testid="stNumberInputContainer"]:has(input:focus-visible),
[data-testid="stTextAreaRootElement"]:has(textarea:focus-visible),
[data-testid="stDateInputField"]:has(:focus-visible) {{
  outline: 3px solid {FOCUS_COLOUR} !important;
  outline-offset: -3px !important;
}}
.react-aria-ComboBox input:focus-visible,
[data-testid="stTextInputRootElement"] input:focus-visible,
[data-testid="stNumberInputContainer"] input:focus-visible,
[data-testid="stTextAreaRootElement"] textarea:focus-visible {{
  outline: none !important;
}}
/* Controls inside a container that clips (the page's own pane, a password box's eye, tabs,
   pages of a table, the chart toolbar, the data grid): the ring drawn inside their edge. */
[data-testid="stMain"]:focus-visible,
[data-testid="stTextInputRootElement"] button:focus-visible,
[data-testid="stTab"]:focus-visible,
[data-testid="stPagination"] button:focus-visible,
.js-plotly-plot .modebar-btn:focus-visible,
[data-testid="stDataFrame"] :focus-visible {{
  outline-offset: -3px !important;
}}
label:has(input:focus-visible) {{
  outline: 3px solid {FOCUS_COLOUR} !important;
  outline-offset: 2px !important;
}}
.js-plotly-plot .plotly:focus-within .modebar,
.js-plotly-plot .plotly:focus-within .modebar--hover,
.js-plotly-plot .plotly:focus-within .modebar--hover > :not(.watermark) {{
  opacity: 1 !important;
}}
[data-testid="stElementToolbar"]:focus-within {{
  opacity: 1 !important;
}}
button:disabled, button:disabled p, button[disabled] span,
label:has(input:disabled), label:has(input:disabled) p {{
  color: {DISABLED_TEXT_COLOUR} !important;
  opacity: 1 !important;
}}
button:disabled {{
  border-style: dashed !important;
  border-color: {DISABLED_TEXT_COLOUR} !important;
  cursor: not-allowed;
}}
.st-key-chatr_a11y_script {{
  display: none;
}}
</style>
"""

# Streamlit names a chart's wrapper (st.plotly_chart's `alt`: role="figure" and its aria-label);
# inside it Plotly draws an unnamed SVG whose tick labels a screen reader would read one by one.
# This marks the picture as one image named after its chart, hides Plotly's overlay SVGs, and
# takes the cookie manager's invisible iframe out of the tab order (a tab stop nobody can see).
# It runs once per page load and then on every redraw.
SCRIPT = """
<script>
(() => {
  if (window.chatrA11y) return;
  window.chatrA11y = true;
  const mark = () => {
    document.querySelectorAll('[data-testid="stPlotlyChart"]').forEach((chart) => {
      const svgs = chart.querySelectorAll('.js-plotly-plot svg.main-svg');
      if (!svgs.length) return;
      const name = 'Chart: ' + (chart.getAttribute('aria-label') || 'no description');
      if (svgs[0].getAttribute('aria-label') !== name) {
        svgs[0].setAttribute('role', 'img');
        svgs[0].setAttribute('aria-label', name);
      }
      for (let i = 1; i < svgs.length; i += 1) svgs[i].setAttribute('aria-hidden', 'true');
    });
    document.querySelectorAll('iframe[title^="extra_streamlit_components"]').forEach((frame) => {
      frame.setAttribute('tabindex', '-1');
      frame.setAttribute('aria-hidden', 'true');
    });
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; mark(); });
  }).observe(document.body, { childList: true, subtree: true });
  mark();
})();
</script>
"""


def page_setup() -> None:
    """The CSS and the chart-naming script, once per run (app.py, before anything is drawn)."""
    st.html(CSS)  # style only: Streamlit puts it where it takes no room
    with st.container(key="chatr_a11y_script"):
        # A constant script, no user input in it; the container is hidden by the CSS above.
        st.html(SCRIPT, unsafe_allow_javascript=True)
