import { chatSetup } from "./chat-setup.ts";

/**
 * The sales region: the seven stages, their rules (state meta, the only copy; prompts read them from here),
 * and the moves between them. Each `sales.move_to_<stage>` transition is an LLM tool; its `description` is
 * the tool description and `meta.blockedReason` is what the model hears when the guard says no.
 */
export const salesRegion = chatSetup.createStateConfig({
  description: "The sales stage; moves are the LLM's move_to_<stage> tools.",
  initial: "routing",
  on: {
    "admin.set_stage": {
      guard: "isStageChange",
      target: ".routing",
      actions: "selectStage",
      description: "An operator moves the chat to any stage, guards aside.",
    },
    "sales.contact_saved": { actions: "saveContact" },
    "sales.products_discussed": { actions: "noteProducts" },
    "sales.quotation_created": { actions: "noteQuotation" },
  },
  states: {
    routing: {
      description: "Transient: enters context.stage (the input's stage at start, or the admin's choice).",
      always: [
        { guard: { type: "routesTo", params: { stage: "qualifying" } }, target: "qualifying" },
        { guard: { type: "routesTo", params: { stage: "needs_analysis" } }, target: "needs_analysis" },
        { guard: { type: "routesTo", params: { stage: "solution" } }, target: "solution" },
        {
          guard: { type: "routesTo", params: { stage: "company_details" } },
          target: "company_details",
        },
        { guard: { type: "routesTo", params: { stage: "quoting" } }, target: "quoting" },
        { guard: { type: "routesTo", params: { stage: "closing" } }, target: "closing" },
        { target: "greeting" },
      ],
    },
    greeting: {
      description: "First contact: welcome the customer and learn what brought them here.",
      entry: { type: "enterStage", params: { stage: "greeting" } },
      meta: {
        rules: {
          summary: "Welcome the customer and ask what they are looking for.",
          en: "Greet the customer warmly as Noor from Treejar, an office-furniture supplier in the UAE. Ask one open question about what they are looking for. Do not quote prices or recommend products yet. As soon as the customer states any interest or need, move to qualifying.",
        },
      },
      on: {
        "sales.move_to_qualifying": {
          target: "qualifying",
          description:
            "Move to the qualifying stage once the customer has answered the greeting or said what they are interested in.",
        },
      },
    },
    qualifying: {
      description: "Learn who the customer is and the size, budget and timing of the opportunity.",
      entry: { type: "enterStage", params: { stage: "qualifying" } },
      meta: {
        rules: {
          summary: "Ask who they are, company, seats, budget and timeline, one question at a time.",
          en: "Find out who the customer is, asking exactly one question per message and never repeating a question already answered: their name, their company, how many employees or seats the furniture is for, the budget range, and when they need delivery. Save any contact detail the customer gives with save_contact_details. Once you know roughly who they are and what the furniture is for, move to needs_analysis.",
        },
      },
      on: {
        "sales.move_to_needs_analysis": {
          target: "needs_analysis",
          description:
            "Move to needs analysis once you know who the customer is (company, team size) and roughly what the furniture is for.",
        },
      },
    },
    needs_analysis: {
      description: "Understand the requirement in detail and find matching catalogue products.",
      entry: { type: "enterStage", params: { stage: "needs_analysis" } },
      meta: {
        rules: {
          summary: "Understand spaces, product types, quantities and preferences; search the catalogue.",
          en: "Understand the requirement in detail, one question at a time: which spaces (open-plan, meeting rooms, executive offices, reception), which product types (desks, chairs, workstations, storage, meeting tables), quantities, style, material and colour preferences, ergonomic needs. Use search_products to find what fits; mention only products that come from the catalogue. Move to solution once suitable products have been found. Go back to qualifying if basic facts about the customer turn out to be missing.",
        },
      },
      on: {
        "sales.move_to_solution": {
          target: "solution",
          guard: "hasProductsDiscussed",
          meta: {
            blockedReason:
              "No catalogue product has been found for this customer yet: search_products first, then move to solution.",
          },
          description:
            "Move to the solution stage to present concrete catalogue products that match the customer's needs.",
        },
        "sales.move_to_qualifying": {
          target: "qualifying",
          description:
            "Go back to qualifying when basic facts about the customer (company, team size, budget, timeline) are missing.",
        },
      },
    },
    solution: {
      description: "Propose concrete catalogue products with prices and availability.",
      entry: { type: "enterStage", params: { stage: "solution" } },
      meta: {
        rules: {
          summary: "Present up to three catalogue options with price and stock; handle objections honestly.",
          en: "Present a concrete proposal built only from catalogue products: name, key features, unit price in AED and availability (check get_stock before promising quantities). Offer at most three options at a time and say why each fits the stated needs. Answer objections honestly; never invent discounts, delivery dates or specifications. When the customer agrees on products and quantities, move to company_details; if their needs changed, go back to needs_analysis.",
        },
      },
      on: {
        "sales.move_to_company_details": {
          target: "company_details",
          description:
            "Move to company details once the customer has agreed on products and quantities and wants a quotation.",
        },
        "sales.move_to_needs_analysis": {
          target: "needs_analysis",
          description:
            "Go back to needs analysis when the customer's requirements changed or the proposal does not fit.",
        },
      },
    },
    company_details: {
      description: "Collect the contact and company details a quotation needs.",
      entry: { type: "enterStage", params: { stage: "company_details" } },
      meta: {
        rules: {
          summary: "Collect name, company and email for the quotation, one item at a time.",
          en: "Collect what the quotation needs, one item per message: the contact person's full name, the company name, an email address, and the delivery emirate if they offer it. Save each detail with save_contact_details and explain it is only used for the quotation. Move to quoting once the name and an email or company are saved; go back to solution if the customer wants to change the products.",
        },
      },
      on: {
        "sales.move_to_quoting": {
          target: "quoting",
          guard: "hasContactForQuote",
          meta: {
            blockedReason:
              "A quotation needs the customer's name and their email or company: ask for them and save them with save_contact_details first.",
          },
          description:
            "Move to quoting once the customer's name and their email or company have been saved with save_contact_details.",
        },
        "sales.move_to_solution": {
          target: "solution",
          description:
            "Go back to the solution stage when the customer wants to change the proposed products.",
        },
      },
    },
    quoting: {
      description: "Prepare and hand over the quotation.",
      entry: { type: "enterStage", params: { stage: "quoting" } },
      meta: {
        rules: {
          summary: "Summarise items and prices, create the quotation, give its number.",
          en: "Summarise the agreed items, quantities and unit prices, ask the customer to confirm, then create the quotation with create_quotation and give them its number and say a sales manager will follow up. Never change prices yourself. Move to closing once the quotation has been created; go back to solution if the customer wants a different selection.",
        },
      },
      on: {
        "sales.move_to_closing": {
          target: "closing",
          guard: "hasQuotation",
          meta: {
            blockedReason:
              "No quotation has been created yet: use create_quotation before moving to closing.",
          },
          description: "Move to closing once the quotation has been created and shared with the customer.",
        },
        "sales.move_to_solution": {
          target: "solution",
          description:
            "Go back to the solution stage when the customer wants a different selection of products.",
        },
      },
    },
    closing: {
      description:
        "The quotation is out: confirm next steps and wrap up. No moves out; an operator can move it.",
      entry: { type: "enterStage", params: { stage: "closing" } },
      meta: {
        rules: {
          summary: "Confirm next steps, thank the customer, answer follow-ups briefly.",
          en: "Confirm the next steps (quotation review, payment, delivery), thank the customer and answer follow-up questions briefly. Do not start a new sales pitch. If the customer wants to negotiate or asks for something new, offer to connect them with a sales manager using request_human.",
        },
      },
    },
  },
});
