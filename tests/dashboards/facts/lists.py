"""The check every domain's lists share: each part of each list is one query, whatever the
audience, and every row has one cell per column."""

from dashboards.catalogue.selectors import indicator
from dashboards.facts.selectors_sources import sources


def assert_each_list_is_one_query(ids, center, start, end, show_people, assert_num_queries):
    for indicator_id in ids:
        drill = sources()[indicator_id].drill
        for part in indicator(indicator_id).drill:
            with assert_num_queries(1):
                columns, queryset, row = drill(
                    center_ids=[center.pk],
                    team_ids=None,
                    start=start,
                    end=end,
                    kind="",
                    performer="",
                    part=part,
                    show_people=show_people,
                )
                rows = [row(item) for item in queryset]
            assert all(len(r) == len(columns) for r in rows), indicator_id
