"""The comparison scenario's results: verdict and detail tables, bar charts, recommendations."""
