-- 003_audit_scope: each audit row records the path of the organisation it concerns, so a
-- district sees the audit log of its own subtree only; and an index for the login filter.
ALTER TABLE audit ADD COLUMN org_path TEXT;
CREATE INDEX audit_org ON audit(org_path, id);
CREATE INDEX audit_login ON audit(login, id);
