# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""OpenFire's "Marketing" tab: campaign, source and channel of the latest
opportunity.
"""

from odoo import fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # OpenFire's "Marketing" tab: copied from the most recent opportunity (see
    # _sync_utm_from_opportunities, called by crm.lead), editable by hand in between.
    campaign_id = fields.Many2one(
        "utm.campaign", index="btree_not_null", ondelete="set null"
    )

    source_id = fields.Many2one(
        "utm.source", index="btree_not_null", ondelete="set null"
    )

    medium_id = fields.Many2one(
        "utm.medium", string="Channel", index="btree_not_null", ondelete="set null"
    )

    def _sync_utm_from_opportunities(self):
        """Copy campaign, source and channel of the most recent opportunity (by
        creation date, lost and archived ones included) onto these partners and
        their companies; a company also sees its contacts' opportunities.

        One UPDATE for all partners, touching only those whose values differ: a
        write of 10,000 opportunities syncs their 2,000 partners without reading
        them (the ORM write took 24 queries there; see bench/results.md). The
        cache and the fields depending on the three columns are told, as the ORM
        would. A partner left without any opportunity keeps what it has (it may
        have been typed by hand).

        Record rules and the user's companies are deliberately not applied: the
        three columns are a copy the system keeps for every reader, as Odoo's
        stored computed fields are (computed as superuser), so that two users of
        different companies never write two different values on one shared
        contact. Campaigns, sources and channels have no company in Odoo (shared
        by all companies), so the copy shows no other company's record; archived
        (lost) opportunities count, as the docstring's first line says.
        """
        if not self:
            return
        fnames = ["campaign_id", "source_id", "medium_id"]
        self.env["crm.lead"].flush_model(
            ["partner_id", "campaign_id", "source_id", "medium_id", "type"]
        )
        self.flush_model(["commercial_partner_id", *fnames])
        self.env.cr.execute(
            SQL(
                """
                WITH owner AS (
                    SELECT id FROM res_partner WHERE id = ANY(%(ids)s)
                     UNION
                    SELECT commercial_partner_id FROM res_partner
                     WHERE id = ANY(%(ids)s) AND commercial_partner_id IS NOT NULL
                ), opportunity AS (
                    SELECT lead.partner_id AS owner_id, lead.create_date, lead.id,
                           lead.campaign_id, lead.source_id, lead.medium_id
                      FROM crm_lead lead
                      JOIN owner ON owner.id = lead.partner_id
                     WHERE lead.type = 'opportunity'
                    UNION ALL
                    SELECT member.commercial_partner_id, lead.create_date, lead.id,
                           lead.campaign_id, lead.source_id, lead.medium_id
                      FROM crm_lead lead
                      JOIN res_partner member ON member.id = lead.partner_id
                      JOIN owner ON owner.id = member.commercial_partner_id
                     WHERE member.commercial_partner_id != member.id
                       AND lead.type = 'opportunity'
                ), latest AS (
                    SELECT DISTINCT ON (owner_id)
                           owner_id, campaign_id, source_id, medium_id
                      FROM opportunity
                  ORDER BY owner_id, create_date DESC, id DESC
                )
                UPDATE res_partner partner
                   SET campaign_id = latest.campaign_id,
                       source_id = latest.source_id,
                       medium_id = latest.medium_id,
                       write_uid = %(uid)s,
                       write_date = %(now)s
                  FROM latest
                 WHERE partner.id = latest.owner_id
                   AND (partner.campaign_id IS DISTINCT FROM latest.campaign_id
                        OR partner.source_id IS DISTINCT FROM latest.source_id
                        OR partner.medium_id IS DISTINCT FROM latest.medium_id)
             RETURNING partner.id
                """,
                ids=list(self.ids),
                uid=self.env.uid,
                now=self.env.cr.now(),
            )
        )
        synced = self.env["res.partner"].browse(
            row[0] for row in self.env.cr.fetchall()
        )
        if synced:
            synced.invalidate_recordset([*fnames, "write_uid", "write_date"])
            synced.modified(fnames)
