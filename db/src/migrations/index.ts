import type { Migration } from "kysely";
import * as initial from "./2026-11-21T0000_initial.ts";
import * as committers from "./2026-11-21T0100_committers.ts";
import * as incidentDeploymentLinks from "./2026-11-22T0000_incident_deployment_links.ts";
import * as teamRepoServices from "./2026-11-22T0100_team_repo_services.ts";
import * as dataVersions from "./2026-11-22T0200_data_versions.ts";
import * as readModel from "./2026-12-07T0100_read_model.ts";
import * as opsWorkFields from "./2026-12-08T0000_ops_work_fields.ts";
import * as notifications from "./2026-12-10T0000_notifications.ts";
import * as accessAndOperations from "./2026-12-14T0000_access_and_operations.ts";
import * as repoPractices from "./2026-12-16T0000_repo_practices.ts";
import * as maturityDeclarations from "./2026-12-16T0100_maturity_declarations.ts";
import * as weekValues from "./2026-12-17T0000_week_values.ts";
import * as alertFactPatterns from "./2026-12-18T0000_alert_fact_patterns.ts";
import * as deployMaturityFlags from "./2026-12-19T0400_deploy_maturity_flags.ts";
import * as ciWorkflowWeeks from "./2026-12-19T0500_ci_workflow_weeks.ts";
import * as teamDayRollups from "./2026-12-19T0600_team_day_rollups.ts";
import * as personDayRollups from "./2026-12-19T0700_person_day_rollups.ts";
import * as teamLedgerRollups from "./2026-12-20T0000_team_ledger_rollups.ts";
import * as coveringIndexes from "./2026-12-20T0050_covering_indexes.ts";
import * as ciWorkflowDays from "./2026-12-20T0060_ci_workflow_days.ts";
import * as alertKeyRollups from "./2026-12-20T0100_alert_key_rollups.ts";
import * as maturityEvidenceIndex from "./2026-12-20T0200_maturity_evidence_index.ts";
import * as drilldownIndexes from "./2026-12-20T0300_drilldown_indexes.ts";
import * as dropCoveredIndexes from "./2026-12-20T0400_drop_covered_indexes.ts";

/** Every migration, by name; names sort in the order they run. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  "2026-11-21T0000_initial": initial,
  "2026-11-21T0100_committers": committers,
  "2026-11-22T0000_incident_deployment_links": incidentDeploymentLinks,
  "2026-11-22T0100_team_repo_services": teamRepoServices,
  "2026-11-22T0200_data_versions": dataVersions,
  "2026-12-07T0100_read_model": readModel,
  "2026-12-08T0000_ops_work_fields": opsWorkFields,
  "2026-12-10T0000_notifications": notifications,
  "2026-12-14T0000_access_and_operations": accessAndOperations,
  "2026-12-16T0000_repo_practices": repoPractices,
  "2026-12-16T0100_maturity_declarations": maturityDeclarations,
  "2026-12-17T0000_week_values": weekValues,
  "2026-12-18T0000_alert_fact_patterns": alertFactPatterns,
  "2026-12-19T0400_deploy_maturity_flags": deployMaturityFlags,
  "2026-12-19T0500_ci_workflow_weeks": ciWorkflowWeeks,
  "2026-12-19T0600_team_day_rollups": teamDayRollups,
  "2026-12-19T0700_person_day_rollups": personDayRollups,
  "2026-12-20T0000_team_ledger_rollups": teamLedgerRollups,
  "2026-12-20T0050_covering_indexes": coveringIndexes,
  "2026-12-20T0060_ci_workflow_days": ciWorkflowDays,
  "2026-12-20T0100_alert_key_rollups": alertKeyRollups,
  "2026-12-20T0200_maturity_evidence_index": maturityEvidenceIndex,
  "2026-12-20T0300_drilldown_indexes": drilldownIndexes,
  "2026-12-20T0400_drop_covered_indexes": dropCoveredIndexes,
};
