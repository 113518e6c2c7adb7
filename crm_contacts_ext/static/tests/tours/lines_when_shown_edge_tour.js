import {registry} from "@web/core/registry";

// Tours trying to break the lists read when their tab is opened
// (one2many_when_shown). Each checks the rows a list shows, exactly.

const ROLES = ".o_notebook .tab-pane.active .o_field_widget[name='role_line_ids']";

function rowTexts(fieldSelector) {
    return [...document.querySelectorAll(`${fieldSelector} .o_data_row`)].map((row) =>
        [row.innerText, ...[...row.querySelectorAll("input")].map((i) => i.value)]
            .join(" ")
            .replace(/\s+/g, " ")
            .trim()
    );
}

function expectRows(fieldSelector, expected, content) {
    // Wait (up to 5 s) for exactly the expected rows.
    return {
        content: content || `rows: ${expected.join(", ") || "none"}`,
        trigger: `${fieldSelector} .o_list_renderer`,
        async run() {
            let rows = [];
            for (let i = 0; i < 50; i++) {
                rows = rowTexts(fieldSelector);
                if (
                    rows.length === expected.length &&
                    expected.every((text) => rows.some((row) => row.includes(text)))
                ) {
                    return;
                }
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            throw new Error(
                `${content}: ${expected.length} rows expected (${expected.join(" | ")}), ` +
                    `${rows.length} shown: ${rows.join(" | ")}`
            );
        },
    };
}

function openTab(name) {
    return {
        content: `Open tab ${name}`,
        trigger: `.o_notebook .nav-link[name='${name}']`,
        run: "click",
    };
}

function addRole(role) {
    return [
        {
            content: "Add a role",
            trigger: `${ROLES} .o_field_x2many_list_row_add > a`,
            run: "click",
        },
        {
            content: `Role ${role}`,
            trigger: `${ROLES} .o_data_row.o_selected_row .o_field_widget[name='role_id'] input`,
            run: `edit ${role}`,
        },
        {
            content: `Pick ${role}`,
            trigger: `.ui-menu-item > a:contains('${role}')`,
            run: "click",
        },
    ];
}

const save = [
    {content: "Save", trigger: ".o_form_button_save", run: "click"},
    {content: "Saved", trigger: ".o_form_view .o_form_saved"},
];

function cardOf(name) {
    return {
        content: `Card of ${name}`,
        trigger: `.o_form_view .o_field_widget[name='name'] input:value(${name})`,
    };
}

// 1. Pager: each card its own roles.
registry.category("web_tour.tours").add("crm_contacts_ext_break_pager", {
    steps: () => [
        {
            content: "Search the Pagerx people",
            trigger: ".o_searchview_input",
            run: "edit Pagerx",
        },
        {content: "Search", trigger: ".o_searchview_input", run: "press Enter"},
        {
            content: "Filtered",
            trigger: ".o_searchview_facet:contains(Pagerx)",
        },
        {
            content: "Open Alpha",
            trigger: ".o_kanban_record:contains(Alpha Pagerx)",
            run: "click",
        },
        cardOf("Alpha Pagerx"),
        openTab("contact_roles"),
        expectRows(ROLES, ["Purchasing"], "Alpha: Purchasing"),
        {content: "Next", trigger: ".o_pager_next", run: "click"},
        cardOf("Beta Pagerx"),
        expectRows(ROLES, ["Accounts Payable"], "Beta: Accounts Payable only"),
        {content: "Next", trigger: ".o_pager_next", run: "click"},
        cardOf("Gamma Pagerx"),
        {
            content: "Gamma: no role (wait a little for a late read)",
            trigger: `${ROLES} .o_list_renderer`,
            async run() {
                await new Promise((resolve) => setTimeout(resolve, 1000));
                const rows = document.querySelectorAll(`${ROLES} .o_data_row`);
                if (rows.length) {
                    throw new Error(`Gamma shows ${rows.length} roles`);
                }
            },
        },
        {content: "Previous", trigger: ".o_pager_previous", run: "click"},
        cardOf("Beta Pagerx"),
        expectRows(ROLES, ["Accounts Payable"], "Beta again: Accounts Payable only"),
        {content: "Previous", trigger: ".o_pager_previous", run: "click"},
        cardOf("Alpha Pagerx"),
        expectRows(ROLES, ["Purchasing"], "Alpha again: Purchasing only"),
        // Quick clicks on the pager: the last card's roles.
        {content: "Next", trigger: ".o_pager_next", run: "click"},
        {content: "Next again at once", trigger: ".o_pager_next", run: "click"},
        cardOf("Gamma Pagerx"),
        {
            content: "Gamma after quick clicks: no role",
            trigger: `${ROLES} .o_list_renderer`,
            async run() {
                await new Promise((resolve) => setTimeout(resolve, 1000));
                const rows = document.querySelectorAll(`${ROLES} .o_data_row`);
                if (rows.length) {
                    throw new Error(`Gamma shows ${rows.length} roles after quick clicks`);
                }
            },
        },
    ],
});

// 2. Edit then discard.
registry.category("web_tour.tours").add("crm_contacts_ext_break_discard", {
    steps: () => [
        cardOf("Delia Discard"),
        openTab("contact_roles"),
        expectRows(ROLES, ["Purchasing"]),
        ...addRole("Accounts Payable"),
        expectRows(ROLES, ["Purchasing", "Accounts Payable"], "two rows before discard"),
        {content: "Discard", trigger: ".o_form_button_cancel", run: "click"},
        {content: "Not dirty anymore", trigger: ".o_form_view .o_form_saved"},
        expectRows(ROLES, ["Purchasing"], "one row after discard"),
        {
            content: "Edit the rank of Purchasing",
            trigger: `${ROLES} .o_data_row:contains(Purchasing) td[name='rank']`,
            run: "click",
        },
        {
            content: "rank 2",
            trigger: `${ROLES} .o_selected_row .o_field_widget[name='rank'] input`,
            run: "edit 2",
        },
        {content: "Discard", trigger: ".o_form_button_cancel", run: "click"},
        {content: "Not dirty anymore", trigger: ".o_form_view .o_form_saved"},
        {
            content: "rank 1 again",
            trigger: `${ROLES} .o_data_row td[name='rank']`,
            run() {
                const cell = document.querySelector(
                    `${ROLES} .o_data_row td[name='rank']`
                );
                const value = cell.querySelector("input")?.value ?? cell.innerText.trim();
                if (value !== "1") {
                    throw new Error(`rank ${value} shown after discard`);
                }
            },
        },
        expectRows(ROLES, ["Purchasing"], "one row after second discard"),
        // Other tab, then back: the list still right.
        openTab("internal_notes"),
        openTab("contact_roles"),
        expectRows(ROLES, ["Purchasing"], "one row after switching tabs"),
    ],
});

// 3. Save: add, remove, edit twice.
registry.category("web_tour.tours").add("crm_contacts_ext_break_save", {
    steps: () => [
        cardOf("Sam Save"),
        openTab("contact_roles"),
        expectRows(ROLES, ["Purchasing"]),
        ...addRole("Accounts Payable"),
        ...save,
        expectRows(ROLES, ["Purchasing", "Accounts Payable"], "two rows after the save"),
        {
            content: "Remove Purchasing",
            trigger: `${ROLES} .o_data_row:contains(Purchasing) .o_list_record_remove`,
            run: "click",
        },
        expectRows(ROLES, ["Accounts Payable"], "one row before the save"),
        ...save,
        expectRows(ROLES, ["Accounts Payable"], "one row after the save"),
        {
            content: "Edit the name",
            trigger: ".o_field_widget[name='function'] input",
            run: "edit Buyer",
        },
        ...save,
        expectRows(ROLES, ["Accounts Payable"], "after saving the function"),
        {
            content: "Edit the name again",
            trigger: ".o_field_widget[name='function'] input",
            run: "edit Chief buyer",
        },
        ...save,
        expectRows(ROLES, ["Accounts Payable"], "after saving the function again"),
    ],
});

// 3b. Save, then add a line at once (while the list is read again).
registry.category("web_tour.tours").add("crm_contacts_ext_break_save_then_add", {
    steps: () => [
        cardOf("Quick Save"),
        openTab("contact_roles"),
        expectRows(ROLES, ["Purchasing"]),
        {
            content: "Edit the job",
            trigger: ".o_field_widget[name='function'] input",
            run: "edit Buyer",
        },
        {content: "Save", trigger: ".o_form_button_save", run: "click"},
        {content: "Saved", trigger: ".o_form_view .o_form_saved"},
        {
            content: "Add a role (the list is being read again)",
            trigger: `${ROLES} .o_field_x2many_list_row_add > a`,
            run: "click",
        },
        {
            content: "The new row is there to fill (it must not vanish)",
            trigger: `${ROLES} .o_data_row.o_selected_row .o_field_widget[name='role_id'] input`,
            run: "edit Accounts Payable",
        },
        {
            content: "Pick it",
            trigger: ".ui-menu-item > a:contains('Accounts Payable')",
            run: "click",
        },
        expectRows(ROLES, ["Purchasing", "Accounts Payable"], "both before saving"),
        ...save,
        expectRows(ROLES, ["Purchasing", "Accounts Payable"], "both after saving"),
    ],
});

// 4. A company with contacts holding roles / without.
registry.category("web_tour.tours").add("crm_contacts_ext_break_company_roles", {
    steps: () => [
        cardOf("Holders Inc"),
        openTab("company_contact_roles"),
        expectRows(
            ".o_notebook .tab-pane.active .o_field_widget[name='company_role_line_ids']",
            ["Purchasing", "Accounts Payable"]
        ),
    ],
});

registry.category("web_tour.tours").add("crm_contacts_ext_break_company_no_roles", {
    steps: () => [
        cardOf("Nobody Inc"),
        {
            content: "Notebook shown, the Contact Roles tab hidden",
            trigger: ".o_notebook .nav-link[name='contact_addresses']",
            run() {
                if (document.querySelector(".o_notebook .nav-link[name='company_contact_roles']")) {
                    throw new Error("Contact Roles tab shown on a company without roles");
                }
            },
        },
    ],
});

// 5. Consent recorded while the history is shown.
registry.category("web_tour.tours").add("crm_contacts_ext_break_consent", {
    steps: () => [
        cardOf("Connie Consent"),
        openTab("consent_mailing"),
        expectRows(
            ".o_notebook .tab-pane.active .o_field_widget[name='consent_ids']",
            ["Granted"]
        ),
        {
            content: "Withdraw/record a consent",
            trigger: "button[name='action_record_consent']:contains(Record consent)",
            run: "click",
        },
        {
            content: "channel",
            trigger: ".modal .o_field_widget[name='channel'] select",
            run: "selectByLabel Phone",
        },
        {
            content: "proof",
            trigger: ".modal .o_field_widget[name='proof'] textarea",
            run: "edit Appel du 4 mai",
        },
        {content: "Record", trigger: ".modal button[name='action_confirm']", run: "click"},
        {content: "Wizard closed", trigger: "body:not(:has(.modal))"},
        expectRows(
            ".o_notebook .tab-pane.active .o_field_widget[name='consent_ids']",
            ["Email", "Phone"],
            "both events in the history"
        ),
    ],
});

// 6. Bad debtor: the proposed warning with the existing ones.
const WARNINGS = ".o_notebook .tab-pane.active .o_field_widget[name='partner_warning_ids']";
registry.category("web_tour.tours").add("crm_contacts_ext_break_trust", {
    steps: () => [
        cardOf("Tristan Trust"),
        openTab("internal_notes"),
        expectRows(WARNINGS, ["Sonner deux fois"]),
        {
            content: "Debtor trust: bad",
            trigger: ".o_field_widget[name='trust'] select",
            run: "selectByLabel Bad Debtor",
        },
        {
            content: "The proposal is listed",
            trigger: `${WARNINGS} .o_data_row:nth-child(2)`,
        },
        {
            content: "with the existing warning",
            trigger: `${WARNINGS} .o_data_row:contains(Sonner deux fois)`,
            run() {
                const rows = document.querySelectorAll(`${WARNINGS} .o_data_row`);
                if (rows.length !== 2) {
                    throw new Error(`2 warnings expected, ${rows.length} shown`);
                }
            },
        },
        ...save,
        {
            content: "after the save: two warnings",
            trigger: `${WARNINGS} .o_data_row:nth-child(2)`,
            run() {
                const rows = document.querySelectorAll(`${WARNINGS} .o_data_row`);
                if (rows.length !== 2) {
                    throw new Error(`2 warnings expected after save, ${rows.length} shown`);
                }
            },
        },
    ],
});

// 7. A new contact with roles before its first save.
registry.category("web_tour.tours").add("crm_contacts_ext_break_new", {
    steps: () => [
        {content: "New", trigger: ".o_form_button_create", run: "click"},
        {
            content: "Individual",
            trigger: ".o_field_widget[name='company_type'] input[data-value='person']",
            run: "click",
        },
        {
            content: "Name",
            trigger: ".o_field_widget[name='name'] input:value()",
            run: "edit Nina Nouvelle",
        },
        {
            content: "Company",
            trigger: ".o_field_widget[name='parent_id'] input",
            run: "edit Holders Inc",
        },
        {content: "Pick", trigger: ".ui-menu-item > a:contains('Holders Inc')", run: "click"},
        openTab("contact_roles"),
        ...addRole("Purchasing"),
        expectRows(ROLES, ["Purchasing"], "before the first save"),
        ...save,
        expectRows(ROLES, ["Purchasing"], "after the first save"),
    ],
});

// 8. A contact from the company's kanban, in a dialog.
registry.category("web_tour.tours").add("crm_contacts_ext_break_dialog", {
    steps: () => [
        cardOf("Holders Inc"),
        openTab("contact_addresses"),
        {
            content: "Open Hugo in a dialog",
            trigger: ".o_field_widget[name='child_ids'] .o_kanban_record:contains(Hugo Holder)",
            run: "click",
        },
        {
            content: "Job",
            trigger: ".modal .o_field_widget[name='function'] input",
            run: "edit Controller",
        },
        {content: "Save the dialog", trigger: ".modal .o_form_button_save", run: "click"},
        {content: "Dialog closed", trigger: "body:not(:has(.modal))"},
        ...save,
        openTab("company_contact_roles"),
        expectRows(
            ".o_notebook .tab-pane.active .o_field_widget[name='company_role_line_ids']",
            ["Purchasing", "Accounts Payable"],
            "the company's roles after the save"
        ),
    ],
});

// 9a. Duplicate.
registry.category("web_tour.tours").add("crm_contacts_ext_break_duplicate", {
    steps: () => [
        cardOf("Dupont Dup"),
        openTab("contact_roles"),
        expectRows(ROLES, ["Purchasing"]),
        {content: "Action menu", trigger: ".o_cp_action_menus button", run: "click"},
        {
            content: "Duplicate",
            trigger: ".o-dropdown--menu .dropdown-item:contains(Duplicate)",
            run: "click",
        },
        cardOf("Dupont Dup (copy)"),
        {
            content: "The copy's roles as in the database",
            trigger: `${ROLES} .o_list_renderer`,
            async run() {
                await new Promise((resolve) => setTimeout(resolve, 1000));
                const rows = [...document.querySelectorAll(`${ROLES} .o_data_row`)];
                const shown = rows.map((r) => r.innerText.replace(/\s+/g, " ").trim());
                document.body.dataset.copyRoles = JSON.stringify(shown);
                console.log(`copy roles shown: ${JSON.stringify(shown)}`);
            },
        },
        {content: "Back to the original (pager)", trigger: ".o_pager_previous", run: "click"},
        cardOf("Dupont Dup"),
        expectRows(ROLES, ["Purchasing"], "original's roles after going back"),
    ],
});

// 9b. Archive with the Roles tab open, then unarchive.
registry.category("web_tour.tours").add("crm_contacts_ext_break_archive", {
    steps: () => [
        cardOf("Archie Archive"),
        openTab("contact_roles"),
        expectRows(ROLES, ["Purchasing"]),
        {content: "Action menu", trigger: ".o_cp_action_menus button", run: "click"},
        {
            content: "Archive",
            trigger: ".o-dropdown--menu .dropdown-item:contains(Archive)",
            run: "click",
        },
        {content: "Confirm", trigger: ".modal .btn-primary", run: "click"},
        {content: "Archived ribbon", trigger: ".o_form_view .ribbon:contains(Archived)"},
        expectRows(ROLES, ["Purchasing"], "roles after archiving"),
    ],
});

// 9c. Unsaved change elsewhere, then open the tab: the change stays, and is saved.
registry.category("web_tour.tours").add("crm_contacts_ext_break_edit_before_tab", {
    steps: () => [
        cardOf("Edith Before"),
        {
            content: "Edit the job",
            trigger: ".o_field_widget[name='function'] input",
            run: "edit Head buyer",
        },
        openTab("contact_roles"),
        expectRows(ROLES, ["Purchasing"]),
        {
            content: "Job still edited",
            trigger: ".o_field_widget[name='function'] input:value(Head buyer)",
        },
        ...save,
        expectRows(ROLES, ["Purchasing"], "after saving"),
    ],
});
