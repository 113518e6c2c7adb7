# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .res_partner_contact_role_line import SEQUENCE_STEP

# The order of a ranking: the line's _order, as SQL on the alias "line".
RANK_ORDER = SQL("line.partner_active DESC, line.sequence, line.id DESC")


class ResPartnerContactRoleLine(models.Model):
    """The checks and the places of the role ranking: who may hold a role
    where, the ranks counted from the sort keys, the sort key a given rank
    needs. The CRUD of the lines stays in res_partner_contact_role_line.py."""

    _inherit = "res.partner.contact.role.line"  # pylint: disable=consider-merging-classes-inherited

    def _check_values(self, vals, prefetch=None):
        """Refuse bad input before anything is written; return (partner, role).

        :param prefetch: partners of the whole batch, read together
        """
        if "rank" in vals and (not vals["rank"] or vals["rank"] < 1):
            raise ValidationError(
                self.env._(
                    'The field "Rank" must be 1 or more (1 is the contact chosen on '
                    "documents), not %(rank)s.",
                    rank=vals["rank"] or 0,
                )
            )
        Partner = self.env["res.partner"]
        partner = (
            Partner.browse(vals["partner_id"]).with_prefetch(
                prefetch._prefetch_ids if prefetch is not None else None
            )
            if vals.get("partner_id")
            else (self.partner_id)
        )
        role = (
            self.env["res.partner.contact.role"].browse(vals["role_id"])
            if vals.get("role_id")
            else self.role_id
        )
        if not partner:
            raise ValidationError(
                self.env._('The field "Contact" of a contact role is required.')
            )
        if not role:
            raise ValidationError(
                self.env._('The field "Role" of a contact role is required.')
            )
        if partner.is_company:
            raise ValidationError(
                self.env._(
                    'The field "Contact" must be a person: %(partner)s is a company. '
                    'Give the role "%(role)s" to one of its contacts instead.',
                    partner=partner.display_name,
                    role=role.name,
                )
            )
        return partner, role

    @api.model
    def _check_not_held(self, pairs):
        """Refuse a (partner, role) already held, or given twice in one batch."""
        self._raise_if_held(self.env.execute_query(self._held_query(pairs)))

    @api.model
    def _held_query(self, pairs):
        """Refuse a (partner, role) given twice in ``pairs``; return the SQL
        selecting one (partner id, role id) of them already held, if any."""
        seen = set()
        for partner, role in pairs:
            if (partner.id, role.id) in seen:
                self._raise_held(partner, role)
            seen.add((partner.id, role.id))
        self.flush_model(["partner_id", "role_id"])
        # Arrays, not a list of pairs: an import gives thousands of them.
        # Every line, whatever the record rules and the people's archiving: the
        # database refuses a second line anyway (UNIQUE(partner_id, role_id)),
        # this only says so in words before anything is written.
        return SQL(
            """
            SELECT line.partner_id, line.role_id
              FROM res_partner_contact_role_line line
              JOIN unnest(%s::int[], %s::int[]) AS given(partner_id, role_id)
                ON line.partner_id = given.partner_id
               AND line.role_id = given.role_id
             LIMIT 1
            """,
            [pair[0] for pair in seen],
            [pair[1] for pair in seen],
        )

    def _raise_if_held(self, rows):
        """Raise for the first (partner id, role id) of ``rows``, if any."""
        if rows:
            self._raise_held(
                self.env["res.partner"].browse(rows[0][0]),
                self.env["res.partner.contact.role"].browse(rows[0][1]),
            )

    def _raise_held(self, partner, role):
        raise ValidationError(
            self.env._(
                '%(partner)s already holds the role "%(role)s": change the '
                'field "Rank" of that role instead of adding it again.',
                partner=partner.display_name,
                role=role.name,
            )
        )

    def _flush_ranking(self):
        self.flush_model(["partner_id", "role_id", "sequence", "commercial_partner_id"])
        # partner_active follows the people's archiving: computed when flushed.
        self.env["res.partner"].flush_model(["active"])
        self.flush_model(["partner_active"])

    @api.model
    def _ranks(self, lines):
        """The rank of each of ``lines`` as the user sees it, in one query.

        Counted over every line of the lines' companies and roles (as the
        superuser: the ranking is the whole company's, also the lines the user
        may not read and those of archived people, who come last).

        :param lines: res.partner.contact.role.line records (saved)
        :return: {line id: rank (int, 1 for the first holder)}
        """
        if not lines.ids:
            return {}
        return dict(
            self.env.execute_query(self._ranks_query(SQL("%s", list(lines.ids))))
        )

    @api.model
    def _ranks_query(self, line_ids):
        """The SQL of _ranks, for the lines whose ids ``line_ids`` gives: an
        array (``SQL("%s", ids)``) or a subquery of ids (``SQL("ARRAY(%s)",
        subquery)``), so that a caller can read the ranks in a bigger query
        (the contact card's, see res.partner._fetch_card_lines).

        Flushes what the ranking depends on; the ranks are counted over every
        line of the lines' companies and roles, whatever the user may read.

        :param line_ids: SQL giving an int[] of res.partner.contact.role.line ids
        :return: SQL selecting (line id, rank) rows
        """
        self._flush_ranking()
        return SQL(
            """
            SELECT ranked.id, ranked.rank
              FROM (
                SELECT line.id, row_number() OVER (
                           PARTITION BY line.commercial_partner_id, line.role_id
                           ORDER BY %(order)s) AS rank
                  FROM res_partner_contact_role_line line
                 WHERE (line.commercial_partner_id, line.role_id) IN (
                        SELECT mine.commercial_partner_id, mine.role_id
                          FROM res_partner_contact_role_line mine
                         WHERE mine.id = ANY(%(ids)s))
              ) ranked
             WHERE ranked.id = ANY(%(ids)s)
            """,
            order=RANK_ORDER,
            ids=line_ids,
        )

    @api.model
    def _ids_ranked(self, operator, value):
        """Ids of the lines whose rank compares to ``value`` (search on rank).

        :param operator: a comparison of Odoo's domains (=, !=, <, <=, >, >=,
            in, not in)
        :param value: int, or list of ints for in / not in
        """
        comparisons = {
            "=": SQL("="),
            "!=": SQL("<>"),
            "<": SQL("<"),
            "<=": SQL("<="),
            ">": SQL(">"),
            ">=": SQL(">="),
        }
        if operator in ("in", "not in"):
            values = [int(v) for v in (value or [])]
            condition = SQL(
                "%s ranked.rank = ANY(%s)",
                SQL("NOT") if operator == "not in" else SQL(),
                values,
            )
        elif operator in comparisons:
            condition = SQL("ranked.rank %s %s", comparisons[operator], int(value or 0))
        else:
            raise ValidationError(
                self.env._(
                    'The field "Rank" cannot be searched with "%(operator)s": '
                    "compare it to a number.",
                    operator=operator,
                )
            )
        self._flush_ranking()
        # Ranks over every line (the whole company's ranking, as _ranks); the
        # ORM applies the user's record rules to the ids returned in the domain.
        rows = self.env.execute_query(
            SQL(
                """
                SELECT ranked.id
                  FROM (
                    SELECT line.id, row_number() OVER (
                               PARTITION BY line.commercial_partner_id, line.role_id
                               ORDER BY %s) AS rank
                      FROM res_partner_contact_role_line line
                  ) ranked
                 WHERE %s
                """,
                RANK_ORDER,
                condition,
            )
        )
        return [row[0] for row in rows]

    def _place(self, rank):
        """Put this line at ``rank`` by writing its own sort key only.

        The line goes between the holders now at ``rank - 1`` and ``rank``
        (among the active people, or the archived ones for an archived person);
        beyond the last, it is the last. Only when the keys of those two have no
        room left between them are the holders' keys spread out again.

        :param rank: int >= 1
        """
        self.ensure_one()
        self._flush_ranking()
        key = SQL(
            "line.commercial_partner_id = %s AND line.role_id = %s AND line.id <> %s",
            self.commercial_partner_id.id,
            self.role_id.id,
            self.id,
        )
        # Every holder of the group, whatever the user may read (the ranking is
        # the whole company's, as _ranks); archived people are their own group.
        active = self.partner_active
        index = rank - 1
        if not active:
            # Archived people's ranks start after the active holders.
            count = self.env.execute_query(
                SQL(
                    "SELECT count(*) FROM res_partner_contact_role_line line "
                    "WHERE %s AND line.partner_active",
                    key,
                )
            )[0][0]
            index = max(index - count, 0)
        # The holders of the same group up to the place asked for.
        group = self.env.execute_query(
            SQL(
                """
                SELECT line.id, line.sequence
                  FROM res_partner_contact_role_line line
                 WHERE %s AND line.partner_active = %s
                 ORDER BY %s
                 LIMIT %s
                """,
                key,
                active,
                RANK_ORDER,
                index + 1,
            )
        )
        index = min(index, len(group))
        before = group[index - 1] if index else None
        after = group[index] if index < len(group) else None
        mine = (self.sequence, -self.id)
        if (before is None or (before[1], -before[0]) < mine) and (
            after is None or mine < (after[1], -after[0])
        ):
            return  # already there, or alone in its group
        if before is None:
            sequence = after[1] - SEQUENCE_STEP
        elif after is None:
            sequence = before[1] + SEQUENCE_STEP
        elif after[1] - before[1] >= 2:
            sequence = (before[1] + after[1]) // 2
        else:
            sequence = self._spread_out(key, active, index)
        super(ResPartnerContactRoleLine, self.sudo()).write({"sequence": sequence})

    def _spread_out(self, key, active, index):
        """Renumber the holders of this line's group SEQUENCE_STEP apart, with a
        free place at ``index`` for this line; return its sort key there. (Rare:
        ten ranks given at one place, or two holders saved at once on equal keys.)"""
        # Every holder of the group, whatever the user may read: see _place.
        ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """
                    SELECT line.id FROM res_partner_contact_role_line line
                     WHERE %s AND line.partner_active = %s ORDER BY %s
                    """,
                    key,
                    active,
                    RANK_ORDER,
                )
            )
        ]
        for position, line_id in enumerate(ids):
            place = position + 1 if position >= index else position
            super(ResPartnerContactRoleLine, self.sudo().browse(line_id)).write(
                {"sequence": place * SEQUENCE_STEP}
            )
        return index * SEQUENCE_STEP

    @api.model
    def _sequence_bounds(self, keys, held=None, exclude=None):
        """The sort key after the last holder, and the first active holder's,
        for each (commercial partner, role) of ``keys``, in one query (an
        import gives thousands of keys); with ``held``, (partner, role) pairs
        refused when already held, checked in the same query (see
        _check_not_held).

        :param exclude: lines not counted (the one being moved)

        :return: ({key: next sort key (int)}, {key: first active holder's sort
            key (int)}; keys without an active holder are absent from the second)
        :raise ValidationError: a pair of ``held`` is held already
        """
        held_query = self._held_query(held) if held is not None else None
        self._flush_ranking()
        pairs = {(commercial.id, role.id) for commercial, role in keys}
        # Every line of the company, also those the user may not read and those
        # of archived people: the sort keys are the whole company's.
        query = SQL(
            """
            SELECT 'bounds', line.commercial_partner_id, line.role_id,
                   max(line.sequence),
                   min(line.sequence) FILTER (WHERE line.partner_active)
              FROM res_partner_contact_role_line line
              JOIN unnest(%s::int[], %s::int[]) AS given(company_id, role_id)
                ON line.commercial_partner_id = given.company_id
               AND line.role_id = given.role_id
             WHERE line.id <> ALL(%s)
             GROUP BY line.commercial_partner_id, line.role_id
            """,
            [pair[0] for pair in pairs],
            [pair[1] for pair in pairs],
            list(exclude.ids if exclude else []),
        )
        if held_query is not None:
            query = SQL(
                "(%s) UNION ALL (SELECT 'held', held.*, NULL, NULL FROM (%s) AS held)",
                query,
                held_query,
            )
        rows = self.env.execute_query(query)
        self._raise_if_held([row[1:3] for row in rows if row[0] == "held"])
        by_ids = {
            (company, role): (last, first)
            for kind, company, role, last, first in rows
            if kind == "bounds"
        }
        next_sequence, first_sequence = {}, {}
        for key in set(keys):
            last, first = by_ids.get((key[0].id, key[1].id), (None, None))
            next_sequence[key] = 0 if last is None else last + SEQUENCE_STEP
            if first is not None:
                first_sequence[key] = first
        return next_sequence, first_sequence

    @api.model
    def _next_rank(self, commercial, role, exclude=None):
        """The rank after the last holder of ``role`` in ``commercial``, among
        all its lines (as superuser: the ranking is the whole company's)."""
        exclude = exclude or self.browse()
        return (
            self.sudo().search_count(
                [
                    ("commercial_partner_id", "=", commercial.id),
                    ("role_id", "=", role.id),
                    ("id", "not in", exclude.ids),
                ]
            )
            + 1
        )
