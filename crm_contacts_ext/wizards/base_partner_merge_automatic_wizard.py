# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, models

# The contact's fields computed from its consent history (see res.partner).
CONSENT_FIELDS = (
    "consent_state",
    "allow_communication",
    "consent_date",
    "consent_proof",
)


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Contacts › Merge keeps what the addon adds to the merged contacts.

    Odoo moves the rows pointing to the merged contacts in SQL, and deletes
    those it cannot move: the roles (a contact holds a role once), and the
    archived rows its searches skip (done To-Dos).
    """

    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        """Roles: the kept contact holds each role once, at the best rank of
        the merged ones; consent: the kept contact's state and marketing basis
        follow the merged history (the events of all, moved in SQL: none is
        written or lost)."""
        self._merge_role_lines(src_partners, dst_partner)
        res = super()._update_foreign_keys(src_partners, dst_partner)
        # Ranks are counted from the lines moved in SQL when read again.
        self.env.invalidate_all()
        dst = dst_partner.sudo()
        # The merged contacts too: their events are gone to the kept one, and
        # a withdrawal still on their card would keep its address blacklisted.
        for fname in CONSENT_FIELDS:
            self.env.add_to_compute(dst._fields[fname], dst | src_partners.sudo())
        dst._consent_sync_blacklist()
        # The merged events, orders, invoices and opportunities moved in SQL:
        # the kept contact's marketing basis follows them (issue 22).
        dst.flush_recordset()
        dst._marketing_basis_update()
        return res

    @api.model
    def _update_reference_fields(self, src_partners, dst_partner):
        """Archived rows too: done To-Dos are kept archived (the contact's
        history), Odoo would delete them with the merged contact."""
        return super(
            BasePartnerMergeAutomaticWizard, self.with_context(active_test=False)
        )._update_reference_fields(src_partners, dst_partner)

    @api.model
    def _merge_role_lines(self, src_partners, dst_partner):
        """Give the merged people's roles to the kept contact before Odoo moves
        the rows in SQL (which would delete them all, the kept contact holding
        one of the roles already).
        """
        Line = self.env["res.partner.contact.role.line"].sudo()
        dst = dst_partner.sudo()
        held = {line.role_id: line for line in dst.role_line_ids}
        for line in Line.search([("partner_id", "in", src_partners.ids)]):
            kept = held.get(line.role_id)
            if dst.is_company:
                line.unlink()  # a company holds no role
            elif not kept:
                line.partner_id = dst  # at its rank, in the same company
                held[line.role_id] = line
            else:
                same_company = line.commercial_partner_id == kept.commercial_partner_id
                best = line.rank if same_company else kept.rank
                line.unlink()
                kept.rank = min(kept.rank, best)
        # The holders of a merged company join the kept one's ranking after
        # its own holders (their company is changed in SQL).
        company_lines = Line.search(
            [
                ("commercial_partner_id", "in", src_partners.ids),
                ("partner_id", "not in", src_partners.ids),
            ]
        )
        if company_lines and dst.is_company:
            company_lines._move_to_company(dst)
