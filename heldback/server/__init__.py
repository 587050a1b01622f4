"""Server-side help for sites: rewrite HTML so vendor tags in it cannot load before consent."""
