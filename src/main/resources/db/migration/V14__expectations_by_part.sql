-- Expectations per part of a data set: expectation.dataset and night_status.dataset now hold a
-- data set's name ('grades') or a part's ('grades-history'), for SISs that send grades as a
-- transcript file and a current-term file on different schedules.

-- The days by whose deadline a district that uploads by hand sends its files, when not the fall
-- and spring defaults (December 20, May 31): 'MM-DD' separated by commas.
create table expectation_semester (
  district text primary key references district (code),
  ends text not null,
  updated_by text not null,
  updated_at timestamptz not null
);
