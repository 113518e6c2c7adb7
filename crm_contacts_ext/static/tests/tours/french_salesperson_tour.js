import {registry} from "@web/core/registry";

/**
 * A salesperson working in Québec French goes from the company's card to a
 * person's full card, reads it, schedules a weekly to-do, looks for nearby
 * contacts and starts a quotation for a blocked person (issue 20).
 */
function assertNoText(selector, texts) {
    const found = [...document.querySelectorAll(selector)].map((el) =>
        el.textContent.trim()
    );
    for (const text of texts) {
        if (found.includes(text)) {
            throw new Error(`"${text}" found in ${selector}: ${found}`);
        }
    }
}

registry.category("web_tour.tours").add("crm_contacts_ext_french_salesperson", {
    steps: () => [
        // 5. From the company's card, one labelled click to the person's full card.
        {
            content: "The company's card lists Laura Secord",
            trigger:
                ".o_form_view .o_field_widget[name='child_ids'] .o_kanban_record:contains(Laura Secord)",
            run: "click",
        },
        {
            content: "Her short form opens in a dialog, with a labelled way to the full card",
            trigger: ".modal button[name='get_formview_action']:contains(Ouvrir la fiche complète)",
            run: "click",
        },
        {
            content: "Her full card is open, with its tabs",
            trigger:
                ".o_breadcrumb:contains(Laura S)",
        },
        // 4. The source ERPs' lists first in the bar; New Quotation in the header.
        {
            content: "Notes come first in the button bar",
            trigger:
                ".o-form-buttonbox > button:first-child[name='action_view_partner_notes']",
        },
        {
            content: "Activities follow, never folded under More",
            trigger:
                ".o-form-buttonbox > button:nth-child(2)[name='action_view_partner_activities']",
        },
        {
            content: "New Quotation is a header button, in full",
            trigger: ".o_form_statusbar button[name='action_new_quotation']:contains(Nouvelle soumission)",
        },
        // 6. The source ERPs' words.
        {
            content: "The email is a Courriel, as the second one",
            trigger: ".o_form_view .o_form_label:contains(Courriel)",
            run() {
                assertNoText(".o_form_view .o_form_label", ["E-mail", "Email"]);
            },
        },
        {
            content: "Open the Fiche tab",
            trigger: ".o_notebook .nav-link[name='contact_card']",
            run: "click",
        },
        {
            content: "The people around the contact are 'Intervenants'",
            trigger: ".o_notebook .tab-pane.active .o_horizontal_separator:contains(Intervenants)",
            run() {
                assertNoText(".o_notebook .tab-pane.active .o_horizontal_separator", [
                    "Enregistrer",
                    "Types de contact",
                    "Record",
                    "Roles",
                ]);
            },
        },
        // 2. The company's warning shows on the person's card.
        {
            content: "Open the internal notes",
            trigger: ".o_notebook .nav-link[name='internal_notes']",
            run: "click",
        },
        {
            content: "The company's blocking warning is listed on her card",
            trigger:
                ".o_notebook .tab-pane.active .o_field_widget[name='company_warning_ids'] .o_data_row:contains(Mauvais payeur)",
        },
        // 9. Record consent always offered; the history says why it is locked.
        {
            content: "Open the personal data tab",
            trigger: ".o_notebook .nav-link[name='consent_mailing']",
            run: "click",
        },
        {
            content: "Consent granted: recording a new event is still offered",
            trigger:
                ".o_notebook .tab-pane.active button[name='action_record_consent']:contains(Enregistrer le consentement)",
        },
        {
            content: "The history says why it cannot be edited",
            trigger: ".o_notebook .tab-pane.active .o_consent_history_note:contains(ne peuvent être ni modifiés ni supprimés)",
        },
        // 1. The scheduling dialog in French, its repeat box wide enough.
        {
            content: "Schedule an activity from the chatter",
            trigger: ".o-mail-Chatter-topbar button:contains(Activités)",
            run: "click",
        },
        {
            content: "The repeat choices are French",
            trigger:
                ".modal .o_field_widget[name='recurrence_type'] select:contains(Une seule fois):contains(Hebdomadaire)",
            run: 'select "weekly"',
        },
        {
            content: "The 'Répéter tous les' box shows its value",
            trigger: ".modal .o_field_widget[name='recurrence_interval'] input",
            run() {
                const input = document.querySelector(
                    ".modal .o_field_widget[name='recurrence_interval'] input"
                );
                if (input.getBoundingClientRect().width < 40) {
                    throw new Error(`Repeat box too narrow: ${input.getBoundingClientRect().width}px`);
                }
            },
        },
        {
            content: "High priority",
            trigger: ".modal .o_field_widget[name='priority'] input[data-value='high']",
            run: "click",
        },
        {
            content: "Summary of the to-do",
            trigger: ".modal div[name='summary'] input",
            run: "edit Relance hebdomadaire",
        },
        {
            content: "Schedule it",
            trigger: ".modal-footer button[name='action_schedule_activities']",
            run: "click",
        },
        // 8. The chatter shows its priority and that it repeats.
        {
            content: "The chatter shows the to-do's priority and recurrence",
            trigger:
                ".o-mail-Activity:contains(Relance hebdomadaire):has(.o-crm-ext-activity-priority:contains(Priorité haute)):has(.o-crm-ext-activity-recurrence:contains(chaque semaine))",
        },
        // 3. Nearby contacts: distance in km, no sample people.
        {
            content: "Open the nearby contacts",
            trigger: ".o_form_view .o-form-buttonbox",
            run() {
                const selector = ".o-form-buttonbox button[name='action_view_nearby_partners']";
                if (!document.querySelector(selector)) {
                    document.querySelector(".o-form-buttonbox .o_button_more")?.click();
                }
            },
        },
        {
            content: "Click Nearby contacts",
            trigger: ".o-form-buttonbox button[name='action_view_nearby_partners']",
            run: "click",
        },
        {
            content: "The neighbour is listed with the distance in km, no sample data",
            trigger:
                ".o_list_view .o_data_row:contains(Voisine Chocolatière) td[name='nearby_distance_km']",
            run() {
                if (document.querySelector(".o_view_sample_data")) {
                    throw new Error("Sample data in the nearby list");
                }
                const cell = document.querySelector(
                    ".o_data_row td[name='nearby_distance_km']"
                ).textContent;
                if (!/^\s*\d+,\d\s*$/.test(cell)) {
                    throw new Error(`No distance in km: "${cell}"`);
                }
                const header = document.querySelector(
                    ".o_list_view th[data-name='nearby_distance_km']"
                ).textContent;
                if (!header.includes("km")) {
                    throw new Error(`Distance column without its unit: "${header}"`);
                }
            },
        },
        {
            content: "Back to Laura's card",
            trigger: ".o_breadcrumb .breadcrumb-item:last-of-type a",
            run: "click",
        },
        // 2. The block says who, for what, by whose warning; no address.
        {
            content: "Start a quotation for her",
            trigger: ".o_form_statusbar button[name='action_new_quotation']",
            run: "click",
        },
        {
            content: "The block names her, the documents and her company's warning",
            trigger:
                ".modal .modal-body:contains(Blocage de Laura Secord pour « Soumissions / Commandes », par l’avertissement de sa société Folies au Chocolat : Mauvais payeur)",
            run() {
                const body = document.querySelector(".modal .modal-body").textContent;
                if (body.includes("Saint-Georges") || body.includes("Canada")) {
                    throw new Error(`Address glued in the block message: ${body}`);
                }
            },
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The customer was emptied",
            trigger: ".o_form_view:not(:has(.modal)) .o_field_widget[name='partner_id'] input",
            run() {
                const value = document.querySelector(
                    ".o_form_view .o_field_widget[name='partner_id'] input"
                ).value;
                if (value) {
                    throw new Error(`The blocked customer is still chosen: ${value}`);
                }
            },
        },
    ],
});
