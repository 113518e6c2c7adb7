# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from .input_check import check_input


class ResPartnerContactRoleLine(models.Model):
    """A role held by a contact, with its rank within the contact's company.

    Rank 1 is the contact documents pick (see sale.order / account.move
    ``partner_contact_id``). A partial unique index guarantees at most one rank-1
    holder per company and role, whoever writes. The holders of a role in a
    company are always ranked 1..N without a gap, the active people first: giving
    a rank places the line there and the others close up around it (rank 1 set
    to 2 swaps the first two), and when a holder leaves (line deleted, person
    archived, deleted or moved to another company) the ones after it move up, so
    that a company with holders of a role always has a rank-1 holder.

    Concurrency: every change of a ranking first upserts the company+role row of
    ``res_partner_contact_role_line_ranking``. A second transaction doing the same waits
    for the first; if the first commits meanwhile, PostgreSQL (repeatable read)
    raises a serialization failure, which Odoo's request layer retries on a fresh
    snapshot: the retry sees the first winner and ranks it down. Nobody is lost.
    """

    _name = "res.partner.contact.role.line"
    _description = "Contact Role"
    _order = "commercial_partner_id, role_id, rank, id"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
    )
    role_id = fields.Many2one(
        comodel_name="res.partner.contact.role",
        required=True,
        index=True,
        ondelete="restrict",
    )
    rank = fields.Integer(
        required=True,
        help="1 is the contact chosen on documents; 2 the next one, and so on.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Company",
        store=True,
        index=True,
    )
    role_code = fields.Char(related="role_id.code")

    _sql_constraints = (
        (
            "partner_role_unique",
            "UNIQUE(partner_id, role_id)",
            (
                "A contact holds each role only once: change the rank of the "
                "existing role instead."
            ),
        ),
        ("rank_positive", "CHECK(rank >= 1)", "The rank of a role starts at 1."),
    )

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s "
                "(commercial_partner_id, role_id) WHERE rank = 1",
                SQL.identifier("res_partner_contact_role_line_rank_one_unique"),
                SQL.identifier(self._table),
            )
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS res_partner_contact_role_line_ranking (
                    commercial_partner_id integer NOT NULL
                        REFERENCES res_partner(id) ON DELETE CASCADE,
                    role_id integer NOT NULL
                        REFERENCES res_partner_contact_role(id) ON DELETE CASCADE,
                    PRIMARY KEY (commercial_partner_id, role_id)
                )
                """
            )
        )

    @api.depends("role_id", "rank")
    def _compute_display_name(self):
        for line in self:
            line.display_name = self.env._(
                "%(role)s (rank %(rank)s)", role=line.role_id.name, rank=line.rank
            )

    @api.onchange("role_id")
    def _onchange_role_id_propose_rank(self):
        """Comfort: a newly ticked role gets the rank after the company's last one."""
        for line in self:
            if line.role_id and not line.rank:
                line.rank = line._next_rank(
                    line.partner_id.commercial_partner_id, line.role_id, line._origin
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list, create=True)
        # Roles are mostly given without a rank (imports, the contact form): those
        # go after the company's last holder and are created in batches. A line
        # given a rank may re-rank the lines before it: it is created on its own.
        vals_list = [dict(vals) for vals in vals_list]
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        )
        groups = []
        for vals in vals_list:
            if "rank" in vals or not groups or "rank" in groups[-1][0]:
                groups.append([vals])
            else:
                groups[-1].append(vals)
        lines = self.browse()
        for group in groups:
            if "rank" in group[0]:
                key, rank = self._prepare_ranked(group[0], partners)
                line = super().create(group)
                self._close_up([key], placed={line.id: rank}, lock=False)
            else:
                keys = self._prepare_batch(group, partners)
                line = super().create(group)
                # After archived holders, the new ones move up before them.
                self._close_up(keys, lock=False)
            lines |= line
        return lines

    def _prepare_ranked(self, vals, partners):
        """Create a line given its rank last; ``_close_up`` then places it.

        :return: ((commercial partner, role), the rank asked for)
        """
        partner, role = self._check_values(vals, partners)
        commercial = partner.commercial_partner_id
        vals["commercial_partner_id"] = commercial.id
        self._lock_ranking([(commercial, role)])
        self._check_not_held([(partner, role)])
        rank = vals["rank"]
        vals["rank"] = self._next_rank(commercial, role)
        return (commercial, role), rank

    def _prepare_batch(self, vals_list, partners):
        """Rank lines given none after the last holders, a few queries per batch."""
        checked = [self._check_values(vals, partners) for vals in vals_list]
        keys = [(partner.commercial_partner_id, role) for partner, role in checked]
        self._lock_ranking(keys)
        self._check_not_held(checked)
        next_rank = self._next_ranks(keys)
        for vals, key in zip(vals_list, keys, strict=True):
            vals["rank"] = next_rank[key]
            next_rank[key] += 1
            # Known now: inserted with the line, not computed and updated after.
            vals["commercial_partner_id"] = key[0].id
        return keys

    def write(self, vals):
        check_input(self, [vals])
        if "commercial_partner_id" in vals:
            vals = dict(vals)
            self._check_company_given(vals.pop("commercial_partner_id"), vals)
        if not {"partner_id", "role_id", "rank"} & set(vals):
            return super().write(vals)
        for line in self:
            partner, role = line._check_values(vals)
            commercial = partner.commercial_partner_id
            old_key = (line.commercial_partner_id, line.role_id)
            new_key = (commercial, role)
            line._lock_ranking([old_key, new_key])
            if (partner, role) != (line.partner_id, line.role_id):
                line._check_not_held([(partner, role)])
            # Kept in place unless a rank is given; appended when it changes
            # company or role without one.
            rank = vals.get("rank", line.rank if old_key == new_key else None)
            # Written last of its ranking first (never colliding with rank 1),
            # then placed at its rank by closing up around it.
            super(ResPartnerContactRoleLine, line).write(
                dict(vals, rank=line._next_rank(commercial, role, line))
            )
            placed = {line.id: rank} if rank else {}
            line._close_up([old_key, new_key], placed=placed, lock=False)
        return True

    def unlink(self):
        if self.env.context.get(MODULE_UNINSTALL_FLAG):
            # The addon goes away with its rankings (its lock table is gone).
            return super().unlink()
        keys = {(line.commercial_partner_id, line.role_id) for line in self}
        self._lock_ranking(keys)
        res = super().unlink()
        # The holders after a deleted line move up: rank 1 is never left empty.
        self._close_up(keys, lock=False)
        return res

    def _check_company_given(self, company_id, vals):
        """The company of a role is its contact's: writing the same one (an
        import of exported lines) changes nothing, another one is refused, else
        the role would be ranked among another company's holders."""
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        for line in self:
            if (partner or line.partner_id).commercial_partner_id.id != company_id:
                raise ValidationError(
                    self.env._(
                        'The field "Company" of a contact role is its contact\'s '
                        "company: change the contact's company, or give the role "
                        "to one of the other company's contacts."
                    )
                )

    def _move_to_company(self, commercial):
        """Rank these lines after the holders of the company their contact joins.

        :return: the lines whose rank changed
        """
        reranked = self.browse()
        for line in self:
            self._lock_ranking([(commercial, line.role_id)])
            rank = self._next_rank(commercial, line.role_id, line)
            if rank > 1:  # else nobody holds the role there: the rank stays
                super(ResPartnerContactRoleLine, line).write({"rank": rank})
                reranked |= line
        return reranked

    @api.model
    def _close_up(self, keys, placed=None, lock=True):
        """Rank the holders of each (company, role) of ``keys`` 1..N, without gaps.

        Active people come first, each group in its current rank order; a line
        of ``placed`` is put at the rank it was given (the last rank when that is
        beyond), the others close up around it.

        :param keys: (commercial partner, role) pairs whose ranking changed
        :param placed: {line id: rank asked for}
        :param lock: False when the caller already holds the rankings' lock
        """
        keys = {(commercial, role) for commercial, role in keys if commercial and role}
        if not keys:
            return
        placed = placed or {}
        if lock:
            self._lock_ranking(keys)
        self.flush_model(["partner_id", "role_id", "rank", "commercial_partner_id"])
        self.env["res.partner"].flush_model(["active"])
        # The ranking is one for the whole company, whoever looks at it: every
        # line is renumbered, also those the current user may not read (record
        # rules), and archived people's lines, which go last.
        rows = self.env.execute_query(
            SQL(
                """
                SELECT line.commercial_partner_id, line.role_id, line.id,
                       line.rank, person.active
                  FROM res_partner_contact_role_line line
                  JOIN res_partner person ON person.id = line.partner_id
                  JOIN unnest(%s::int[], %s::int[]) AS given(company_id, role_id)
                    ON line.commercial_partner_id = given.company_id
                   AND line.role_id = given.role_id
                 ORDER BY line.commercial_partner_id, line.role_id,
                          NOT person.active, line.rank, line.id
                """,
                [key[0].id for key in keys],
                [key[1].id for key in keys],
            )
        )
        groups = defaultdict(lambda: ([], []))
        old_rank = {}
        for company_id, role_id, line_id, rank, is_active in rows:
            groups[company_id, role_id][0 if is_active else 1].append(line_id)
            old_rank[line_id] = rank
        new_rank = {}
        for active_ids, archived_ids in groups.values():
            for ids in (active_ids, archived_ids):
                for line_id in [i for i in ids if i in placed]:
                    ids.remove(line_id)
                    ids.insert(placed[line_id] - 1, line_id)
            ordered = active_ids + archived_ids
            new_rank.update(
                (line_id, rank) for rank, line_id in enumerate(ordered, start=1)
            )
        changed = {i: r for i, r in new_rank.items() if r != old_rank[i]}
        # Who leaves rank 1 first, who takes it next, each in its own UPDATE:
        # the unique index never sees two holders of rank 1.
        by_rank = defaultdict(list)
        for line_id, rank in changed.items():
            by_rank[rank].append(line_id)
        rank_one = by_rank.pop(1, [])
        for rank, line_ids in by_rank.items():
            super(ResPartnerContactRoleLine, self.sudo().browse(line_ids)).write(
                {"rank": rank}
            )
        self.flush_model(["rank"])
        if rank_one:
            super(ResPartnerContactRoleLine, self.sudo().browse(rank_one)).write(
                {"rank": 1}
            )
            self.flush_model(["rank"])
