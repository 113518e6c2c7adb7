# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .input_check import check_input

# Room left between two holders' sort keys: a rank given between them writes
# the line alone; 10 ranks given at one place before the role's holders are
# renumbered (see _place).
SEQUENCE_STEP = 1024


class ResPartnerContactRoleLine(models.Model):
    """A role held by a contact, with its rank within the contact's company.

    Rank 1 is the contact documents pick (see sale.order / account.move
    ``partner_contact_id``). The holders of a role in a company are ranked 1..N
    without a gap, the active people first: giving a rank places the line there
    and the others close up around it (rank 1 set to 2 swaps the first two), and
    when a holder leaves (line deleted, person archived, deleted or moved to
    another company) the ones after it move up, so that a company with holders
    of a role always has one rank-1 holder.

    The rank is not stored: it is the line's place in the order of the
    company's holders (active people first, then ``sequence``, a sort key with
    gaps), counted when read. Giving a rank writes that line's ``sequence``
    alone, between its new neighbours'; nobody else's row is written, so that
    two users giving a role in one company at once neither wait for each other
    nor fail (PostgreSQL's repeatable read refuses to update a row another
    transaction changed since the snapshot). Two holders can never share a rank
    as shown, and two lines given rank 1 at once both stay: the one saved last
    (the greater id, on equal keys) is rank 1, the other rank 2.
    """

    _name = "res.partner.contact.role.line"
    _description = "Contact Role"
    # The order of the ranking: keep it in step with RANK_ORDER.
    _order = "commercial_partner_id, role_id, partner_active desc, sequence, id desc"

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
        compute="_compute_rank",
        inverse="_inverse_rank",
        search="_search_rank",
        readonly=False,
        help="1 is the contact chosen on documents; 2 the next one, and so on.",
    )
    # The sort key of the ranking (gaps allowed); the rank shown is counted.
    sequence = fields.Integer(default=0, required=True, copy=False)
    # Archived people rank after the active ones.
    partner_active = fields.Boolean(related="partner_id.active", store=True)
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
    )

    def init(self):
        cr = self.env.cr
        # Schema upkeep on install/update: no user, so no rules, companies or
        # archiving to respect.
        # Ranks were stored 1..N before issue 19, with a unique index on rank 1
        # and a table every change of a ranking locked: their order becomes the
        # sort key, and they go.
        cr.execute(
            SQL(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = 'rank'",
                self._table,
            )
        )
        if cr.fetchone():
            cr.execute(
                SQL(
                    "UPDATE %s SET sequence = rank * %s",
                    SQL.identifier(self._table),
                    SEQUENCE_STEP,
                )
            )
            cr.execute(
                SQL(
                    "ALTER TABLE %s DROP COLUMN rank",
                    SQL.identifier(self._table),
                )
            )
        cr.execute(
            SQL(
                "DROP TABLE IF EXISTS %s",
                SQL.identifier("res_partner_contact_role_line_ranking"),
            )
        )
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s "
                "(commercial_partner_id, role_id, sequence)",
                SQL.identifier("res_partner_contact_role_line_ranking_index"),
                SQL.identifier(self._table),
            )
        )

    @api.depends("sequence")
    def _compute_rank(self):
        # Other lines' keys change a line's rank too: every change of a
        # ranking invalidates the ranks (_invalidate_ranks).
        ranks = self._ranks(self._origin)
        for line in self:
            line.rank = ranks.get(line._origin.id, 0)

    def _inverse_rank(self):
        for line in self:
            line._place(line.rank)

    def _search_rank(self, operator, value):
        return [("id", "in", self._ids_ranked(operator, value))]

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
        # Every line comes after its company's last holder, in one INSERT; a
        # line given a rank is then moved there by writing its own sort key.
        vals_list = [dict(vals) for vals in vals_list]
        partners = self.env["res.partner"].browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        )
        checked = [self._check_values(vals, partners) for vals in vals_list]
        keys = [(partner.commercial_partner_id, role) for partner, role in checked]
        next_sequence, first_sequence = self._sequence_bounds(keys, held=checked)
        ranks = []
        for vals, (partner, __), key in zip(vals_list, checked, keys, strict=True):
            rank = vals.pop("rank", None)
            if rank == 1 and partner.active:
                # Before the first active holder: inserted at its place, as
                # _place would put it (the line saved last is rank 1).
                vals["sequence"] = first_sequence[key] = (
                    first_sequence[key] - SEQUENCE_STEP
                    if key in first_sequence
                    else next_sequence[key]
                )
                next_sequence[key] = max(
                    next_sequence[key], vals["sequence"] + SEQUENCE_STEP
                )
                rank = None
            else:
                vals["sequence"] = next_sequence[key]
                next_sequence[key] += SEQUENCE_STEP
            ranks.append(rank)
            # Known now: inserted with the line, not computed and updated after.
            vals["commercial_partner_id"] = key[0].id
            vals["partner_active"] = partner.active
        lines = super().create(vals_list)
        for line, rank in zip(lines, ranks, strict=True):
            if rank:
                line._place(rank)
        self._invalidate_ranks()
        return lines

    def write(self, vals):
        check_input(self, [vals])
        if "commercial_partner_id" in vals:
            vals = dict(vals)
            self._check_company_given(vals.pop("commercial_partner_id"), vals)
        if not {"partner_id", "role_id", "rank"} & set(vals):
            return super().write(vals)
        others = {key: value for key, value in vals.items() if key != "rank"}
        for line in self:
            partner, role = line._check_values(vals)
            old_key = (line.commercial_partner_id, line.role_id)
            new_key = (partner.commercial_partner_id, role)
            if (partner, role) != (line.partner_id, line.role_id):
                line._check_not_held([(partner, role)])
            if others:
                super(ResPartnerContactRoleLine, line).write(others)
            if vals.get("rank"):
                line._place(vals["rank"])
            elif old_key != new_key:
                # Another company or role without a rank: after its holders.
                line._append()
        self._invalidate_ranks()
        return True

    def unlink(self):
        res = super().unlink()
        # The holders after a deleted line move up: their ranks are counted again.
        self._invalidate_ranks()
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
        """Rank these lines after the holders of the company their contact joins
        (before the contact moves: they would otherwise keep their place)."""
        for line in self:
            line._append((commercial, line.role_id))
        self._invalidate_ranks()

    def _append(self, key=None):
        """Put this line after the other holders of ``key`` (its own company
        and role by default), by writing its sort key alone."""
        self.ensure_one()
        key = key or (self.commercial_partner_id, self.role_id)
        sequence = self._sequence_bounds([key], exclude=self)[0][key]
        if sequence == self.sequence:
            return True
        return super(ResPartnerContactRoleLine, self.sudo()).write(
            {"sequence": sequence}
        )

    @api.model
    def _invalidate_ranks(self):
        """Forget the ranks read so far: a change of one line's sort key (or
        company, or person's archiving) moves the others'."""
        self.env["res.partner.contact.role.line"].invalidate_model(["rank"])
