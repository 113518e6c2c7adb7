from odoo.tests import Form, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestMarketingSync(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Campaign = cls.env["utm.campaign"]
        cls.spring = Campaign.create({"name": "Salon du chocolat printemps"})
        cls.autumn = Campaign.create({"name": "Salon du chocolat automne"})
        cls.fair = cls.env["utm.source"].create({"name": "Foire de Québec"})
        cls.web = cls.env["utm.source"].create({"name": "Site web"})
        cls.email = cls.env["utm.medium"].create({"name": "Courriel"})
        cls.phone = cls.env["utm.medium"].create({"name": "Téléphone"})
        cls.other = cls.env["res.partner"].create(
            {"name": "Bonbons Lévis", "is_company": True}
        )

    def _opportunity(self, partner, campaign, source, medium, **extra):
        return self.env["crm.lead"].create(
            dict(
                {
                    "name": f"Commande {partner.name}",
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "campaign_id": campaign.id,
                    "source_id": source.id,
                    "medium_id": medium.id,
                },
                **extra,
            )
        )

    def assertUtm(self, partner, campaign, source, medium):
        self.assertEqual(
            (partner.campaign_id, partner.source_id, partner.medium_id),
            (campaign, source, medium),
            f"marketing fields of {partner.name}",
        )

    @users("crm_ext_salesman")
    def test_created_opportunity_fills_contact_and_company(self):
        contact = self.contact.with_env(self.env)
        self._opportunity(contact, self.spring, self.fair, self.email)
        self.assertUtm(contact, self.spring, self.fair, self.email)
        # the company sees its contacts' opportunities
        self.assertUtm(contact.parent_id, self.spring, self.fair, self.email)
        # a colleague's card is not touched
        self.assertFalse(self.contact_ap.with_env(self.env).campaign_id)

    @users("crm_ext_salesman")
    def test_most_recent_by_creation_date_wins(self):
        self._opportunity(self.contact, self.spring, self.fair, self.email)
        self._opportunity(self.contact_ap, self.autumn, self.web, self.phone)
        # the contact's company follows its most recent opportunity, whichever
        # contact it belongs to
        self.assertUtm(self.customer, self.autumn, self.web, self.phone)
        self.assertUtm(self.contact, self.spring, self.fair, self.email)
        # an opportunity created later but dated earlier (imported history) does
        # not win over the most recent one
        old = self._opportunity(self.contact, self.autumn, self.web, self.phone)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = create_date - interval '30 days'"
            " WHERE id = %s",
            [old.id],
        )
        old.invalidate_recordset(["create_date"])
        old.write({"source_id": self.fair.id})
        self.assertUtm(self.contact, self.spring, self.fair, self.email)

    @users("crm_ext_salesman")
    def test_reassigned_opportunity_moves_utm(self):
        first = self._opportunity(self.other, self.spring, self.fair, self.email)
        lead = self._opportunity(self.other, self.autumn, self.web, self.phone)
        self.assertUtm(self.other.with_env(self.env), self.autumn, self.web, self.phone)
        with Form(lead) as form:
            form.partner_id = self.contact.with_env(self.env)
        self.assertUtm(self.contact, self.autumn, self.web, self.phone)
        self.assertUtm(self.customer, self.autumn, self.web, self.phone)
        # the former partner falls back on its remaining opportunity
        self.assertUtm(self.other, self.spring, self.fair, self.email)
        self.assertTrue(first.exists())

    @users("crm_ext_salesman")
    def test_utm_change_on_latest_opportunity_follows(self):
        older = self._opportunity(self.contact, self.spring, self.fair, self.email)
        latest = self._opportunity(self.contact, self.autumn, self.web, self.phone)
        latest.medium_id = self.email
        self.assertUtm(self.contact, self.autumn, self.web, self.email)
        # changing an older one changes nothing
        older.campaign_id = self.autumn
        older.source_id = self.web
        self.assertUtm(self.contact, self.autumn, self.web, self.email)

    def test_deleted_opportunity_moves_utm_back(self):
        self._opportunity(self.contact, self.spring, self.fair, self.email)
        latest = self._opportunity(self.contact, self.autumn, self.web, self.phone)
        latest.unlink()
        self.assertUtm(self.contact, self.spring, self.fair, self.email)
        self.assertUtm(self.customer, self.spring, self.fair, self.email)

    @users("crm_ext_salesman")
    def test_lost_and_archived_opportunities_count(self):
        self._opportunity(self.contact, self.spring, self.fair, self.email)
        latest = self._opportunity(self.contact, self.autumn, self.web, self.phone)
        latest.action_set_lost()
        self.assertFalse(latest.active)
        self.assertUtm(self.contact, self.autumn, self.web, self.phone)
        latest.campaign_id = self.spring
        self.assertUtm(self.contact, self.spring, self.web, self.phone)

    @users("crm_ext_salesman")
    def test_hand_edit_kept_until_next_opportunity(self):
        self._opportunity(self.contact, self.spring, self.fair, self.email)
        with Form(self.contact.with_env(self.env)) as form:
            form.campaign_id = self.autumn
            form.medium_id = self.phone
        self.assertUtm(self.contact, self.autumn, self.fair, self.phone)
        # unrelated work on the opportunity leaves the hand edit alone
        self.env["crm.lead"].search([("partner_id", "=", self.contact.id)]).write(
            {"expected_revenue": 1200.0}
        )
        self.assertUtm(self.contact, self.autumn, self.fair, self.phone)
        self._opportunity(self.contact, self.spring, self.web, self.email)
        self.assertUtm(self.contact, self.spring, self.web, self.email)

    def test_plain_leads_do_not_count_until_converted(self):
        lead = self._opportunity(
            self.other, self.spring, self.fair, self.email, type="lead"
        )
        self.assertFalse(self.other.campaign_id)
        lead.convert_opportunity(self.other)
        self.assertUtm(self.other, self.spring, self.fair, self.email)

    def test_sync_is_set_based(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Client {i}"} for i in range(30)]
        )
        leads = self.env["crm.lead"].create(
            [
                {"name": f"Opp {p.name}", "type": "opportunity", "partner_id": p.id}
                for p in partners
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET campaign_id = %s WHERE id = ANY(%s)",
            [self.spring.id, leads.ids],
        )
        self.env.invalidate_all()
        # one search and one update per partner would cost 60 queries, and the
        # ORM write of the partners one UPDATE per 100: the sync finds the
        # partners' companies and latest opportunities and updates them all in
        # one statement
        with self.assertQueryCount(1):
            partners._sync_utm_from_opportunities()
            self.env.flush_all()
        self.assertEqual(partners.campaign_id, self.spring)
        leads.campaign_id = self.autumn
        self.assertEqual(partners.campaign_id, self.autumn)

    def test_contact_search_view_filters_and_groups(self):
        self._opportunity(self.contact, self.spring, self.fair, self.email)
        Partner = self.env["res.partner"]
        arch = Partner.get_view(view_type="search")["arch"]
        for name in ("group_campaign", "group_source", "group_medium"):
            self.assertIn(f'name="{name}"', arch)
        groups = Partner._read_group(
            [("campaign_id", "=", self.spring.id)], ["medium_id"], ["__count"]
        )
        self.assertEqual(groups, [(self.email, 2)])
