-- The sandbox list is paged in (created_at, id) order: each page is a range of this index.
CREATE INDEX sandboxes_by_creation ON sandboxes(created_at, id);
