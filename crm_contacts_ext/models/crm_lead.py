# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from contextlib import contextmanager

import psycopg2

from odoo import api, fields, models

# Changing one of these on an opportunity may change which one is the partner's
# most recent, or what it says.
UTM_SYNC_FIELDS = ("partner_id", "campaign_id", "source_id", "medium_id", "type")
# The contacts whose copies of their opportunities are still to update (see
# _partner_sync_deferred), in the transaction's precommit data: not in the
# context, which an RPC client could send to skip the updates.
DEFERRED_PARTNERS = "crm_lead.deferred_partner_ids"


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ("crm.lead", "partner.warning.mixin", "input.check.mixin")
    _partner_warning_kind = "on_opportunity"

    # Prextra's "Opportunités" tab filters on a status Odoo only implies: Odoo
    # archives lost opportunities, but an opportunity archived without a lost
    # reason was merely shelved, not lost.
    opportunity_status = fields.Selection(
        selection=[
            ("open", "Open"),
            ("won", "Won"),
            ("lost", "Lost"),
            ("inactive", "Inactive"),
        ],
        string="Status",
        compute="_compute_opportunity_status",
        store=True,
        index=True,
        help="Open: active and not in a won stage. Won: in a won stage. "
        "Lost: archived with a lost reason. Inactive: archived without a lost reason.",
    )

    line_ids = fields.One2many(
        "crm.lead.product.line",
        "lead_id",
        string="Product Lines",
        copy=True,
    )

    # When the opportunity has product lines, its expected revenue is their
    # total; without lines it stays the amount the salesperson typed.
    expected_revenue = fields.Monetary(
        compute="_compute_expected_revenue",
        store=True,
        readonly=False,
    )

    competitor_ids = fields.Many2many(
        "res.partner",
        "crm_lead_competitor_rel",
        "lead_id",
        "partner_id",
        string="Competitors",
        domain=[("is_competitor", "=", True)],
    )

    @api.depends("active", "stage_id.is_won", "lost_reason_id")
    def _compute_opportunity_status(self):
        for lead in self:
            if not lead.active:
                lead.opportunity_status = "lost" if lead.lost_reason_id else "inactive"
            elif lead.stage_id.is_won:
                lead.opportunity_status = "won"
            else:
                lead.opportunity_status = "open"

    @api.depends("line_ids.price_subtotal")
    def _compute_expected_revenue(self):
        for lead in self.filtered("line_ids"):
            lead.expected_revenue = sum(lead.line_ids.mapped("price_subtotal"))

    @api.onchange("partner_id")
    def _onchange_partner_id_partner_warning(self):
        return self._partner_warning_onchange("partner_id")

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._sync_expected_revenue_with_lines()
        self._partner_sync("utm", leads.partner_id)
        return leads

    def write(self, vals):
        utm_sync = any(name in vals for name in UTM_SYNC_FIELDS)
        partners_before = self.partner_id if utm_sync else None
        res = super().write(vals)
        if "expected_revenue" in vals or "line_ids" in vals:
            self._sync_expected_revenue_with_lines()
        if utm_sync:
            self._partner_sync("utm", partners_before | self.partner_id)
        return res

    def unlink(self):
        partners = self.partner_id
        res = super().unlink()
        self._partner_sync("utm", partners.exists())
        return res

    @api.model
    def _partner_sync(self, kind, partners):
        """Update what contacts copy from their opportunities, now or, inside
        _partner_sync_deferred, when its block ends.

        :param str kind: ``"utm"``: campaign, source and channel of the
            contacts' latest opportunity (res.partner._sync_utm_from_opportunities);
            ``"basis"``: the marketing basis of the contacts' companies
            (commercial partners) and their people (an opportunity is an
            inquiry, CASL s. 10(10)(c))
        :param partners: res.partner
        """
        deferred = self.env.cr.precommit.data.get(DEFERRED_PARTNERS)
        if deferred is not None and kind == "basis":
            # their companies as they are now: a contact moved later in the
            # block updates both companies itself (res.partner.write)
            deferred[kind].update(partners.sudo().commercial_partner_id.ids)
        elif deferred is not None:
            deferred[kind].update(partners.ids)
        elif kind == "utm":
            partners._sync_utm_from_opportunities()
        else:
            # The company of a contact the user may read may belong to another
            # company: the basis is a fact kept for every reader.
            partners.sudo().commercial_partner_id._marketing_basis_update()

    @api.model
    @contextmanager
    def _partner_sync_deferred(self):
        """Within the block, creating, writing and deleting leads does not update
        their contacts' campaign, source, channel and marketing basis; when it
        ends, both are updated once for all the contacts concerned. Odoo's
        conversion wizards write each lead twice, one lead after the other: 50
        leads cost 100 updates of each, and as many flushes, without the block.

        When the block raises a refusal (UserError, AccessError...), the
        contacts are updated all the same before it goes on: a caller catching
        it keeps the leads converted before the refused one. After a database
        error the transaction can only be rolled back, and nothing is updated.
        Blocks may nest: the outermost one updates.
        """
        data = self.env.cr.precommit.data
        if data.get(DEFERRED_PARTNERS) is not None:
            yield
            return
        deferred = data[DEFERRED_PARTNERS] = {"utm": set(), "basis": set()}
        try:
            yield
        except psycopg2.Error:
            data.pop(DEFERRED_PARTNERS, None)
            raise
        except Exception:
            data.pop(DEFERRED_PARTNERS, None)
            self._partner_sync_gathered(deferred)
            raise
        data.pop(DEFERRED_PARTNERS, None)
        self._partner_sync_gathered(deferred)

    @api.model
    def _partner_sync_gathered(self, deferred):
        # Contacts deleted in the block (a merge of contacts) are left out.
        Partner = self.env["res.partner"]
        for kind in ("utm", "basis"):
            self._partner_sync(kind, Partner.browse(sorted(deferred[kind])).exists())

    def message_new(self, msg_dict, custom_values=None):
        # An email of a contact under a blocking warning is kept: the document is
        # made without the contact and flagged (see the warning mixin).
        with self._partner_warning_holding():
            return super().message_new(msg_dict, custom_values=custom_values)

    def _message_post_after_hook(self, message, msg_vals):
        # Odoo makes a recipient whose email is the lead's its customer: a reply
        # to a blocked contact must still go, without making them the customer.
        with self._partner_warning_holding():
            return super()._message_post_after_hook(message, msg_vals)

    def _partner_warning_value_fields(self):
        # The company of a lead follows its salesperson and team.
        return super()._partner_warning_value_fields() | {"user_id", "team_id"}

    def _partner_warning_carried_fields(self):
        # Odoo searches the salesperson's team for each new lead: once is enough.
        return ("team_id",)

    def _partner_warning_responsible(self):
        self.ensure_one()
        return self.user_id or self.team_id.user_id

    def _sync_expected_revenue_with_lines(self):
        """Lines win over a typed amount given in the same create/write (the
        form sends both), so the rule holds for every caller."""
        for lead in self.filtered("line_ids"):
            total = sum(lead.line_ids.mapped("price_subtotal"))
            if lead.company_currency.compare_amounts(lead.expected_revenue, total):
                lead.expected_revenue = total
