-- Demo tenants and workflows of the reference engine, in mixed shapes: short (user-signup), long
-- (payment-settled, report-requested), branching (order-created, ticket-opened) and calling http
-- (order-created, invoice-paid, ticket-opened). slow-call's one call takes 400 ms, so that a run is
-- in flight when a test kills an engine; the default mix does not send it. Step kinds:
-- docs/ENGINE.md, "Workflow definitions".
INSERT INTO projects (id, owner, name) VALUES
  ('0a000000-0000-4000-8000-000000000001', '0b000000-0000-4000-8000-000000000001', 'acme'),
  ('0a000000-0000-4000-8000-000000000002', '0b000000-0000-4000-8000-000000000002', 'globex')
ON CONFLICT DO NOTHING;

INSERT INTO workflow_definitions (id, project_id, slug, version, definition) VALUES
  ('0c000000-0000-4000-8000-000000000001', '0a000000-0000-4000-8000-000000000001', 'order-created', 1,
   '{"steps": [
      {"id": "validate", "type": "transform", "set": {"orderId": "input.orderId", "amountCents": "input.amountCents"}},
      {"id": "route", "type": "branch", "cases": [{"when": "input.simulateFailure", "goto": "reject"}], "default": "ship"},
      {"id": "ship", "type": "http_call", "path": "/sink/shipping", "body": "{order: orderId, items: input.items}",
       "saveAs": "shipment", "timeoutMs": 1000, "retries": 2, "backoffMs": 20},
      {"id": "settle", "type": "delay", "ms": 20},
      {"id": "done", "type": "terminate", "outcome": "succeeded"},
      {"id": "reject", "type": "terminate", "outcome": "failed", "error": "order flagged simulateFailure"}]}'),
  ('0c000000-0000-4000-8000-000000000002', '0a000000-0000-4000-8000-000000000001', 'user-signup', 1,
   '{"steps": [{"id": "welcome", "type": "transform", "set": {"welcomeMail": "''queued''", "user": "input.userId"}}]}'),
  ('0c000000-0000-4000-8000-000000000003', '0a000000-0000-4000-8000-000000000001', 'payment-settled', 1,
   '{"steps": [
      {"id": "guard", "type": "fail", "when": "input.simulateFailure"},
      {"id": "clear", "type": "delay", "ms": 50},
      {"id": "post", "type": "transform", "set": {"ledger": "''posted''", "amount": "input.amountCents"}},
      {"id": "reconcile", "type": "transform", "set": {"reconciled": "`true`"}},
      {"id": "cool", "type": "delay", "ms": 10},
      {"id": "close", "type": "transform", "set": {"ledger": "''closed''"}}]}'),
  ('0c000000-0000-4000-8000-000000000004', '0a000000-0000-4000-8000-000000000002', 'invoice-paid', 1,
   '{"steps": [
      {"id": "mark", "type": "transform", "set": {"invoice": "input.invoiceId"}},
      {"id": "wait", "type": "delay", "ms": 10},
      {"id": "book", "type": "http_call", "path": "/sink/accounting", "body": "{invoice: invoice, cents: input.amountCents}",
       "saveAs": "booking", "timeoutMs": 1000, "retries": 2, "backoffMs": 20},
      {"id": "receipt", "type": "transform", "set": {"receipt": "''sent''"}}]}'),
  ('0c000000-0000-4000-8000-000000000005', '0a000000-0000-4000-8000-000000000002', 'ticket-opened', 1,
   '{"steps": [
      {"id": "triage", "type": "transform", "set": {"queue": "''support''", "priority": "input.priority"}},
      {"id": "route", "type": "branch", "cases": [{"when": "priority == ''p1''", "goto": "page"}], "default": "done"},
      {"id": "page", "type": "http_call", "path": "/sink/pager", "body": "{ticket: input.ticketId}", "saveAs": "page",
       "timeoutMs": 1000, "retries": 1, "backoffMs": 20},
      {"id": "done", "type": "transform", "set": {"status": "''open''"}}]}'),
  ('0c000000-0000-4000-8000-000000000006', '0a000000-0000-4000-8000-000000000002', 'report-requested', 1,
   '{"steps": [
      {"id": "queue", "type": "delay", "ms": 100},
      {"id": "render", "type": "transform", "set": {"report": "''rendered''", "range": "input.range"}},
      {"id": "upload", "type": "delay", "ms": 30},
      {"id": "deliver", "type": "transform", "set": {"report": "''delivered''"}}]}'),
  ('0c000000-0000-4000-8000-000000000007', '0a000000-0000-4000-8000-000000000001', 'slow-call', 1,
   '{"steps": [
      {"id": "call", "type": "http_call", "path": "/sink/slow-400", "body": "{order: input.orderId}",
       "saveAs": "reply", "timeoutMs": 2000, "retries": 0},
      {"id": "done", "type": "transform", "set": {"called": "`true`"}}]}')
ON CONFLICT DO NOTHING;
