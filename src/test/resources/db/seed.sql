-- Demo tenants and workflows of the reference engine. Step kinds: transform (sets fields),
-- delay (ms), fail (fails the run when the named input field is true, or always without "when").
INSERT INTO projects (id, owner, name) VALUES
  ('0a000000-0000-4000-8000-000000000001', '0b000000-0000-4000-8000-000000000001', 'acme'),
  ('0a000000-0000-4000-8000-000000000002', '0b000000-0000-4000-8000-000000000002', 'globex')
ON CONFLICT DO NOTHING;

INSERT INTO workflow_definitions (id, project_id, slug, version, definition) VALUES
  ('0c000000-0000-4000-8000-000000000001', '0a000000-0000-4000-8000-000000000001', 'order-created', 1,
   '{"steps": [{"type": "transform", "set": {"stage": "validated"}},
               {"type": "fail", "when": "simulateFailure"},
               {"type": "delay", "ms": 20},
               {"type": "transform", "set": {"stage": "fulfilled"}}]}'),
  ('0c000000-0000-4000-8000-000000000002', '0a000000-0000-4000-8000-000000000001', 'user-signup', 1,
   '{"steps": [{"type": "transform", "set": {"welcomeMail": "queued"}}]}'),
  ('0c000000-0000-4000-8000-000000000003', '0a000000-0000-4000-8000-000000000001', 'payment-settled', 1,
   '{"steps": [{"type": "fail", "when": "simulateFailure"},
               {"type": "delay", "ms": 50},
               {"type": "transform", "set": {"ledger": "posted"}}]}'),
  ('0c000000-0000-4000-8000-000000000004', '0a000000-0000-4000-8000-000000000002', 'invoice-paid', 1,
   '{"steps": [{"type": "transform", "set": {"invoice": "paid"}},
               {"type": "delay", "ms": 10},
               {"type": "transform", "set": {"receipt": "sent"}}]}'),
  ('0c000000-0000-4000-8000-000000000005', '0a000000-0000-4000-8000-000000000002', 'ticket-opened', 1,
   '{"steps": [{"type": "transform", "set": {"queue": "support"}},
               {"type": "fail", "when": "simulateFailure"}]}'),
  ('0c000000-0000-4000-8000-000000000006', '0a000000-0000-4000-8000-000000000002', 'report-requested', 1,
   '{"steps": [{"type": "delay", "ms": 100},
               {"type": "transform", "set": {"report": "rendered"}},
               {"type": "delay", "ms": 30},
               {"type": "transform", "set": {"report": "delivered"}}]}')
ON CONFLICT DO NOTHING;
