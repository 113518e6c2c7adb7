# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .input_check import check_input


class ResPartnerContactRoleLine(models.Model):
    """A role held by a contact, with its rank within the contact's company.

    Rank 1 is the contact documents pick (see sale.order / account.move
    ``partner_contact_id``). A partial unique index guarantees at most one rank-1
    holder per company and role, whoever writes; giving a rank that is taken pushes
    its holder (and the ones right after it) one rank down instead of failing.

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
                self._prepare_ranked(group[0], partners)
            else:
                self._prepare_batch(group, partners)
            lines |= super().create(group)
        return lines

    def _prepare_ranked(self, vals, partners):
        """Make room for a line given its rank."""
        partner, role = self._check_values(vals, partners)
        commercial = partner.commercial_partner_id
        vals["commercial_partner_id"] = commercial.id
        self._lock_ranking([(commercial, role)])
        self._check_not_held([(partner, role)])
        self._make_room(commercial, role, vals["rank"])

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
            line._lock_ranking([(commercial, role)])
            if (partner, role) != (line.partner_id, line.role_id):
                line._check_not_held([(partner, role)])
            line._make_room(commercial, role, vals.get("rank", line.rank), line)
            super(ResPartnerContactRoleLine, line).write(vals)
        return True

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
        # by Odoo: not an error worth logging.
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

    @api.model
    def _make_room(self, commercial, role, rank, exclude=None):
        """Push the holder of ``rank`` one rank down, and so on while ranks collide.

        The competitors' rows are locked, and the shifts flushed before the caller
        writes its own rank, so the rank-1 index never sees two holders.
        """
        exclude = exclude or self.browse()
        self.flush_model(["partner_id", "role_id", "rank", "commercial_partner_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id, rank FROM res_partner_contact_role_line
                 WHERE commercial_partner_id = %s AND role_id = %s AND rank >= %s
                   AND id != ALL(%s)
                 ORDER BY rank, id
                   FOR UPDATE
                """,
                commercial.id,
                role.id,
                rank,
                exclude.ids,
            )
        )
        previous = rank
        shifts = []
        for line_id, line_rank in self.env.cr.fetchall():
            if line_rank > previous:
                break  # a gap: the ranks after it do not collide
            previous += 1
            shifts.append((line_id, previous))
        if not shifts:
            return
        # Bottom first is not needed (only rank 1 is unique), but keeps it readable.
        for line_id, new_rank in reversed(shifts):
            super(ResPartnerContactRoleLine, self.sudo().browse(line_id)).write(
                {"rank": new_rank}
            )
        self.flush_model(["rank"])
