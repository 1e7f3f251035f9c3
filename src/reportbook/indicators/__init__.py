"""From figures to indicators: sections, the catalog, matching, extraction, the indicator table and its checks."""
