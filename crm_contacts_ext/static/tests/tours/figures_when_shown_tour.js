import {registry} from "@web/core/registry";

// A salesperson opens a card: the figures of the buttons under "More" appear
// when she opens it, and again after she saves the card.

const MORE = ".o-form-buttonbox .o_button_more";
const MEETINGS = ".o_dropdown_more button[name='schedule_meeting'] .o_stat_value";
const SALES = ".o_dropdown_more button[name='action_view_sale_order'] .o_stat_value";

function figuresShown(meetings = 2, sales = 1) {
    return [
        {
            content: "Open More",
            trigger: MORE,
            run: "click",
        },
        {
            content: `${meetings} meetings`,
            trigger: `${MEETINGS}:contains(${meetings})`,
        },
        {
            content: `${sales} quotations`,
            trigger: `${SALES}:contains(${sales})`,
        },
        {
            content: "Close More",
            trigger: MORE,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("crm_contacts_ext_figures_when_shown", {
    steps: () => [
        {
            content: "The company's card is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Cacao Chiffres)",
        },
        {
            content: "Meetings and Sales are folded under More on this screen",
            trigger: MORE,
            run() {
                for (const name of ["schedule_meeting", "action_view_sale_order"]) {
                    if (document.querySelector(`.o-form-buttonbox > button[name='${name}']`)) {
                        throw new Error(`${name} is not under More: the tour needs it there`);
                    }
                }
            },
        },
        ...figuresShown(),
        {
            content: "Change the phone",
            trigger: ".o_field_widget[name='phone'] input",
            run: "edit 514 555 0199",
        },
        {
            content: "Save the card",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The card is saved",
            trigger: ".o_form_view .o_form_saved",
        },
        ...figuresShown(),
    ],
});

// Through the pager with More open: the next card shows its own figures.
registry.category("web_tour.tours").add("crm_contacts_ext_figures_when_shown_pager", {
    steps: () => [
        {
            content: "Search the two companies",
            trigger: ".o_searchview_input",
            run: "edit Cacao Chiffres",
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the first",
            trigger: ".o_data_row .o_data_cell:contains(Cacao Chiffres):not(:contains(Zéro))",
            run: "click",
        },
        {
            content: "Its card is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Cacao Chiffres)",
        },
        ...figuresShown(),
        {
            content: "Open More again",
            trigger: MORE,
            run: "click",
        },
        {
            content: "Its meetings are shown",
            trigger: `${MEETINGS}:contains(2)`,
        },
        {
            content: "Next card, More open",
            trigger: ".o_pager_next",
            run: "click",
        },
        {
            content: "The next card is open",
            trigger:
                ".o_form_view .o_field_widget[name='name'] input:value(Cacao Chiffres Zéro)",
        },
        ...figuresShown(0, 0),
    ],
});

// A wide screen: Meetings and Sales on the bar, their figures shown at once.
registry.category("web_tour.tours").add("crm_contacts_ext_figures_when_shown_wide", {
    steps: () => [
        {
            content: "The company's card is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Cacao Chiffres)",
        },
        {
            content: "Two meetings, on the bar",
            trigger: ".o-form-buttonbox > button[name='schedule_meeting'] .o_stat_value:contains(2)",
        },
        {
            content: "One quotation, on the bar",
            trigger:
                ".o-form-buttonbox > button[name='action_view_sale_order'] .o_stat_value:contains(1)",
        },
    ],
});

// More closed and opened again while its figures are read: shown once read.
registry.category("web_tour.tours").add("crm_contacts_ext_figures_when_shown_reopen", {
    steps: () => [
        {
            content: "The company's card is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Cacao Chiffres)",
        },
        {
            content: "Open More",
            trigger: MORE,
            run: "click",
        },
        {
            content: "Its buttons are shown, their figures being read",
            trigger: ".o_dropdown_more button[name='schedule_meeting']",
        },
        {
            content: "Close More at once",
            trigger: MORE,
            run: "click",
        },
        {
            content: "More is closed",
            trigger: `${MORE}:not(.show)`,
            run() {
                if (document.querySelector(".o_dropdown_more")) {
                    throw new Error("More is still open");
                }
            },
        },
        ...figuresShown(),
    ],
});
