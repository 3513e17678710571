-- What changed in a running VM's devices since it started (a disk plugged or unplugged), or null.
-- QEMU on another host would lay such a VM's devices out differently, so it cannot live-migrate
-- until it is restarted; a start clears it.
alter table vm add column live_device_change text;
