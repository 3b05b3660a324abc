-- The PowerSchool plugin the hub makes for each district: the digest of its content and its version.
-- PowerSchool installs a plugin over an older one only when its version is higher, so a plugin whose
-- content changed (district name, profile override) gets the next version, and the same content
-- keeps its version however often it is downloaded.
create table powerschool_plugin (
  district text primary key references district (code),
  -- SHA-256 (hex) of plugin.xml without its version and of the named queries
  digest text not null,
  version integer not null check (version >= 1),
  -- when this version was first made: the time of the zip's entries, so one version is one zip
  version_created_at timestamptz not null,
  last_generated_at timestamptz not null
);
