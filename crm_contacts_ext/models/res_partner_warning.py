# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

from .input_check import check_input

# Document kinds a warning may apply to: the boolean field of res.partner.warning.
WARNING_KINDS = ("on_meeting", "on_opportunity", "on_sale_order", "on_invoice")
MANAGE_BLOCKS_GROUP = "crm_contacts_ext.group_manage_blocking_warnings"
# What a warning says, told in the contact's chatter when it changes.
TOLD_FIELDS = (
    "message",
    "blocking",
    *WARNING_KINDS,
    "date_start",
    "date_end",
    "company_id",
    "partner_id",
    "active",
)


class ResPartnerWarning(models.Model):
    """OpenFire's "Avertissements": a message on a contact, shown or blocking.

    The rule is enforced by the documents themselves (see
    partner.warning.mixin), so it holds for every caller, not only the form.
    """

    _name = "res.partner.warning"
    _inherit = "input.check.mixin"
    _description = "Contact warning"
    _order = "blocking desc, id desc"
    _rec_name = "message"

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
        help="A warning on a company applies to all its contacts.",
    )
    message = fields.Text(required=True)
    blocking = fields.Boolean(
        help="Blocking: the documents ticked below cannot be created, duplicated, "
        "confirmed or posted for this contact. Otherwise the message is only shown.",
    )
    on_meeting = fields.Boolean(string="Appointments", default=True)
    on_opportunity = fields.Boolean(string="Opportunities", default=True)
    on_sale_order = fields.Boolean(string="Quotations / Orders", default=True)
    on_invoice = fields.Boolean(string="Invoices", default=True)
    active = fields.Boolean(default=True)
    date_start = fields.Date(
        string="From", help="Leave empty for a warning that applies at once."
    )
    date_end = fields.Date(
        string="Until", help="Leave empty for a warning that never expires."
    )
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="The warning applies to the documents of this company only; leave "
        "empty for all companies.",
    )

    last_block_date = fields.Datetime(
        string="Last blocked",
        readonly=True,
        copy=False,
        help="When a document was last refused or overridden because of this "
        "warning. A warning that has blocked is kept: archive it, it cannot be "
        "deleted.",
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for warning in self:
            if (
                warning.date_start
                and warning.date_end
                and warning.date_end < warning.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "The warning “%(message)s” ends (Until) before it starts "
                        "(From): correct one of the two dates.",
                        message=warning.message,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._may_manage_blocks():
            for vals in vals_list:
                if vals.get("blocking"):
                    # A value that is no value of its field: say that first.
                    check_input(self, vals_list, None, create=True)
                    raise AccessError(
                        self.env._(
                            "Only members of “Manage blocking warnings” may create a "
                            "blocking warning (“%(message)s”): untick “Blocking” to "
                            "leave a message to your colleagues, or ask a sales or "
                            "accounting manager.",
                            message=vals.get("message") or "",
                        )
                    )
        warnings = super().create(vals_list)
        for warning in warnings:
            warning._tell_partner(
                self.env._("Warning added"),
                [(name, None, value) for name, value in warning._told_snapshot()],
            )
        return warnings

    def write(self, vals):
        told = [name for name in TOLD_FIELDS if name in vals]
        before = {warning: {n: warning[n] for n in told} for warning in self}
        self._check_block_change(vals)
        res = super().write(vals)
        for warning, old_values in before.items():
            changes = [
                (name, old, warning[name])
                for name, old in old_values.items()
                if old != warning[name]
            ]
            if not changes:
                continue
            if any(name == "active" for name, __, __ in changes):
                title = (
                    self.env._("Warning restored")
                    if warning.active
                    else self.env._("Warning archived")
                )
                changes = [c for c in changes if c[0] != "active"]
            else:
                title = self.env._("Warning changed")
            moved = old_values.get("partner_id")
            if moved and moved != warning.partner_id:
                warning._tell_partner(
                    self.env._("Warning moved to another contact"),
                    changes,
                    partner=moved,
                )
            warning._tell_partner(title, changes)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_block(self):
        blocking = self.filtered("blocking")
        if blocking and not self._may_manage_blocks():
            raise AccessError(blocking[0]._block_change_refusal())
        for warning in self.filtered("last_block_date"):
            raise UserError(
                self.env._(
                    "The blocking warning “%(message)s” on %(partner)s has already "
                    "blocked or been overridden (last on %(date)s): it is kept as "
                    "the record of the block. Archive it instead of deleting it.",
                    message=warning.message,
                    partner=warning.partner_id.display_name,
                    date=format_date(self.env, warning.last_block_date),
                )
            )

    def unlink(self):
        # Told once the ondelete checks passed and the rows are gone.
        bodies = [
            (
                warning.partner_id,
                warning._tell_body(
                    self.env._("Warning deleted"),
                    [(name, value, None) for name, value in warning._told_snapshot()],
                ),
            )
            for warning in self
        ]
        res = super().unlink()
        author = self.env.user.partner_id
        for partner, body in bodies:
            partner.sudo()._message_log(body=body, author_id=author.id)
        return res

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _may_manage_blocks(self):
        """Whether the current user sets, changes and lifts blocks: the members
        of “Manage blocking warnings”, and the addon's own code run as superuser
        (the bad-debtor proposal, which is inactive)."""
        return self.env.su or self.env.user.has_group(MANAGE_BLOCKS_GROUP)

    def _block_change_refusal(self):
        self.ensure_one()
        return self.env._(
            "Only members of “Manage blocking warnings” may lift or change a block "
            "(warning “%(message)s” on %(partner)s); ask a sales or accounting "
            "manager.",
            message=self.message,
            partner=self.partner_id.display_name,
        )

    def _check_block_change(self, vals):
        """Refuse, before anything is written, a change to a blocking warning or
        making a warning blocking, unless the user manages blocks.

        A value written back unchanged (a form or an import sending the whole
        line) is no change. Source: issue 23, credit control.

        :raise AccessError: naming the warning and who to ask.
        """
        if self._may_manage_blocks():
            return
        for warning in self:
            if not warning.blocking and not vals.get("blocking"):
                continue
            for name, value in vals.items():
                field = self._fields.get(name)
                if not field:
                    continue  # refused by the input check, named there
                try:
                    new = field.convert_to_record(
                        field.convert_to_cache(value, warning), warning
                    )
                except (ValueError, TypeError):
                    new = None  # not a value of the field: a change anyway
                if new != warning[name]:
                    # A value that is no value of its field: say that first.
                    check_input(self, [vals], None)
                    raise AccessError(warning._block_change_refusal())

    def _tell_partner(self, title, changes, partner=None):
        """Post on the contact's chatter what happened to this warning.

        The contact's chatter, not the warning's own (warnings are edited in the
        contact's list and have no form): the card tells the story of the block.

        :param changes: [(field name, old value, new value)]; None for no value.
        """
        self.ensure_one()
        (partner or self.partner_id).sudo()._message_log(
            body=self._tell_body(title, changes),
            author_id=self.env.user.partner_id.id,
        )

    def _tell_body(self, title, changes):
        self.ensure_one()
        lines = []
        for name, old, new in changes:
            if old is None:
                value = self._told_value(name, new)
            elif new is None:
                value = self._told_value(name, old)
            else:
                value = Markup("%s → %s") % (
                    self._told_value(name, old),
                    self._told_value(name, new),
                )
            label = self._fields[name]._description_string(self.env)
            lines.append(Markup("<li>%s: %s</li>") % (label, value))
        body = Markup("<p>%s: “%s”</p>") % (title, self.message)
        if lines:
            body += Markup("<ul>%s</ul>") % Markup("").join(lines)
        return body

    def _told_snapshot(self):
        """What the warning says, for its creation and deletion: [(name, value)]."""
        self.ensure_one()
        return [
            (name, self[name])
            for name in TOLD_FIELDS
            if name in ("blocking", "active")
            or (name not in ("message", "partner_id") and self[name])
        ]

    def _told_value(self, name, value):
        field = self._fields[name]
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if not value:
            return "—"
        if field.type == "date":
            return format_date(self.env, value)
        if field.type == "many2one":
            return value.display_name
        return value

    def _mark_blocked(self):
        """Note that these warnings refused or let through a document: from now
        on they are archived, never deleted."""
        self.sudo().write({"last_block_date": fields.Datetime.now()})

    @api.model
    def _mark_blocked_after_rollback(self, warning_ids):
        """The refusal rolls back the transaction, and the fact with it: write
        it in a transaction of its own once the rollback is done."""
        registry = self.env.registry

        def mark():
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["res.partner.warning"].browse(warning_ids).exists()._mark_blocked()

        self.env.cr.postrollback.add(mark)

    @api.model
    def _get_applicable(self, partners, kind):
        """Warnings in force today of ``kind`` for ``partners`` and every contact
        above them (parent company, group company above a sub-company, person
        above an address), at any depth.

        One SQL query for any number of partners, whoever the user is: a blocking
        warning blocks also the users who may not read it, and a warning of an
        archived parent company still applies (archiving a company does not pay
        its debts); "today" is the user's day (``context_today``).

        :param partners: res.partner records (new records: their origin)
        :param kind: the document kind, a boolean field of the warning
            (e.g. ``"sale_order"``)
        :return: {partner id: [(warning id, message, blocking, company id,
            id of the warning's contact), ...]}, blocking warnings first
        :raise ValueError: for an unknown kind
        """
        if kind not in WARNING_KINDS:
            raise ValueError(kind)
        result = defaultdict(list)
        partner_ids = [pid for pid in partners._origin.ids if pid]
        if not partner_ids:
            return result
        self.flush_model()
        self.env["res.partner"].flush_model(["parent_id"])
        today = fields.Date.context_today(self)
        # UNION (not UNION ALL) stops on a cycle, which Odoo forbids anyway.
        # Every company's warnings, not the user's allowed ones: the caller keeps
        # those of the document's company (_partner_warning_get).
        self.env.cr.execute(
            SQL(
                """
                WITH RECURSIVE chain(partner_id, ancestor_id) AS (
                    SELECT id, id FROM res_partner WHERE id = ANY(%(partner_ids)s)
                     UNION
                    SELECT chain.partner_id, p.parent_id
                      FROM chain
                      JOIN res_partner p ON p.id = chain.ancestor_id
                     WHERE p.parent_id IS NOT NULL
                )
                SELECT chain.partner_id, w.id, w.message, w.blocking, w.company_id,
                       w.partner_id
                  FROM chain
                  JOIN res_partner_warning w ON w.partner_id = chain.ancestor_id
                 WHERE w.active
                   AND w.%(kind)s
                   AND (w.date_start IS NULL OR w.date_start <= %(today)s)
                   AND (w.date_end IS NULL OR w.date_end >= %(today)s)
                 ORDER BY w.blocking DESC, w.id
                """,
                partner_ids=partner_ids,
                kind=SQL.identifier(kind),
                today=today,
            )
        )
        for partner_id, *warning in self.env.cr.fetchall():
            result[partner_id].append(tuple(warning))
        return result
