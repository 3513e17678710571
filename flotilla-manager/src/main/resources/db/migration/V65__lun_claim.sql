-- The LUN a disk is being moved onto (a live move to an iSCSI domain): taken while the move runs,
-- so no other disk is made on it; the disk's own lun column names it once the move is done.
CREATE TABLE lun_claim (
    storage_domain_id uuid NOT NULL REFERENCES storage_domain(id) ON DELETE CASCADE,
    lun               integer NOT NULL,
    disk_id           uuid NOT NULL REFERENCES disk(id) ON DELETE CASCADE,
    PRIMARY KEY (storage_domain_id, lun)
);
