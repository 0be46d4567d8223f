-- Run once by the postgres image when its data folder is new
-- (/docker-entrypoint-initdb.d): one database per stateful service, so that
-- their schemas and migration versions never meet.
CREATE DATABASE submission OWNER anju;
CREATE DATABASE registry OWNER anju;
CREATE DATABASE notification OWNER anju;
