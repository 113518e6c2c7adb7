# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class ResPartnerContactRoleLine(models.Model):
    """The checks and the reads of the role ranking: who may hold a role where,
    the lock that serialises the changes of one ranking, and the next free ranks.
    The writes of the ranking stay in res_partner_contact_role_line.py."""

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
        self.env.cr.execute(
            SQL(
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
        )
        row = self.env.cr.fetchone()
        if row:
            self._raise_held(
                self.env["res.partner"].browse(row[0]),
                self.env["res.partner.contact.role"].browse(row[1]),
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

    @api.model
    def _lock_ranking(self, keys):
        """Serialize the transactions changing the ranking of companies' roles.

        :param keys: (commercial partner, role) pairs; locked in a fixed order, so
            that two batches never wait for each other crosswise.
        """
        # A serialization failure here is expected under concurrency and retried
        # by Odoo: not an error worth logging. The lock table holds no data
        # anybody reads: no record rule applies to it.
        rows = sorted({(commercial.id, role.id) for commercial, role in keys})
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO res_partner_contact_role_line_ranking
                       (commercial_partner_id, role_id)
                SELECT * FROM unnest(%s::int[], %s::int[])
                ON CONFLICT (commercial_partner_id, role_id)
                DO UPDATE SET role_id = EXCLUDED.role_id
                """,
                [row[0] for row in rows],
                [row[1] for row in rows],
            ),
            log_exceptions=False,
        )

    @api.model
    def _next_ranks(self, keys):
        """The rank after the last holder, for each (commercial partner, role)."""
        self.flush_model(["commercial_partner_id", "role_id", "rank"])
        pairs = {(commercial.id, role.id) for commercial, role in keys}
        # Every line of the company, also those the user may not read and those
        # of archived people: a rank is unique in the whole company's ranking,
        # which _close_up then orders (active people first).
        self.env.cr.execute(
            SQL(
                """
                SELECT line.commercial_partner_id, line.role_id, max(line.rank)
                  FROM res_partner_contact_role_line line
                  JOIN unnest(%s::int[], %s::int[]) AS given(company_id, role_id)
                    ON line.commercial_partner_id = given.company_id
                   AND line.role_id = given.role_id
                 GROUP BY line.commercial_partner_id, line.role_id
                """,
                [pair[0] for pair in pairs],
                [pair[1] for pair in pairs],
            )
        )
        last = {(c, r): rank for c, r, rank in self.env.cr.fetchall()}
        return {key: last.get((key[0].id, key[1].id), 0) + 1 for key in set(keys)}

    @api.model
    def _next_rank(self, commercial, role, exclude=None):
        """The rank after the last holder of ``role`` in ``commercial``, among
        all its lines (as superuser: the ranking is the whole company's)."""
        exclude = exclude or self.browse()
        lines = self.sudo().search(
            [
                ("commercial_partner_id", "=", commercial.id),
                ("role_id", "=", role.id),
                ("id", "not in", exclude.ids),
            ],
            order="rank desc",
            limit=1,
        )
        return lines.rank + 1
