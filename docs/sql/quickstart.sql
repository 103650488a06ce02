-- Statecast in Flink SQL: forecasts for every observation on the Kafka topic `observations`
-- (JSON values, as `statecast produce --value-format json` writes them), written to the topic
-- `sql-forecasts`; rows the model refuses go to `sql-refused`. See docs/sql.md.
--
--   locally:    ./statecast sql docs/sql/quickstart.sql      (Kafka on 127.0.0.1:29092, a model
--                                                              in models/demo)
--   a cluster:  sql-client.sh -f quickstart.sql after ADD JAR of statecast-job.jar, with the
--               bootstrap servers and the model's path as the TaskManagers see them

SET 'execution.checkpointing.interval' = '5s';
SET 'pipeline.name' = 'statecast-sql-quickstart';

CREATE FUNCTION IF NOT EXISTS STATECAST_FORECAST AS 'io.statecast.sql.ForecastFunction';

-- The observations: the fields of the Observation schema, event time from `eventTime`.
CREATE TABLE observations (
  `key` STRING,
  eventTime BIGINT,
  features ARRAY<FLOAT>,
  named MAP<STRING, FLOAT>,
  target FLOAT,
  ts AS TO_TIMESTAMP_LTZ(eventTime, 3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'observations',
  'properties.bootstrap.servers' = '127.0.0.1:29092',
  'properties.group.id' = 'statecast-sql',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
);

-- The forecasts, with the field names of the Forecast schema.
CREATE TABLE sql_forecasts (
  `key` STRING,
  eventTime BIGINT,
  `values` ARRAY<FLOAT>,
  modelId STRING,
  modelVersion INT,
  steps BIGINT,
  target FLOAT
) WITH (
  'connector' = 'kafka',
  'topic' = 'sql-forecasts',
  'properties.bootstrap.servers' = '127.0.0.1:29092',
  'format' = 'json'
);

-- The rows that were not stepped, with the reason (the DataStream job's dead letters).
CREATE TABLE sql_refused (
  `key` STRING,
  eventTime BIGINT,
  kind STRING,
  message STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'sql-refused',
  'properties.bootstrap.servers' = '127.0.0.1:29092',
  'format' = 'json'
);

-- Every row of `observations` once through the function; the statement set writes the rows with
-- a forecast to `sql_forecasts` and the refused ones to `sql_refused`, in one job.
BEGIN STATEMENT SET;

INSERT INTO sql_forecasts
SELECT `key`, eventTime, forecast, model_id, model_version, steps, target
FROM STATECAST_FORECAST(
  input => TABLE observations PARTITION BY `key`,
  model => 'models/demo')
WHERE error IS NULL;

INSERT INTO sql_refused
SELECT `key`, eventTime, error_kind, error
FROM STATECAST_FORECAST(
  input => TABLE observations PARTITION BY `key`,
  model => 'models/demo')
WHERE error IS NOT NULL;

END;
