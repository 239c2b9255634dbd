"""What the board takes away: slides (one chart, a takeaway, n, filters, source each), the
takeaways written from the numbers, where the data came from, and the deck and PDF report."""
