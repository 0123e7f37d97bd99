package archcheck.rules.accounts.acc_003_test

import data.archcheck.rules.accounts.acc_003
import rego.v1

account(id, regions) := {"id": id, "native_id": id, "name": sprintf("org-%s", [id]), "account_id": id, "region": "global", "environment": "prod", "regions": regions}

recorder(account, region, recording, all, global) := {
	"id": sprintf("%s/%s/default", [account, region]), "native_id": "default", "account_id": account, "region": region,
	"environment": "prod", "recording": recording, "all_supported": all, "include_global_resource_types": global,
}

recorders(list) := {r.id: r | some r in list}

inputs := {"aws": {
	"accounts": {
		"1": account("1", ["us-east-1", "us-west-2"]),
		"2": account("2", ["us-east-1", "eu-west-1", "us-west-2"]),
		"3": account("3", ["us-east-1"]),
		"4": account("4", []),
	},
	"config_recorders": recorders([
		recorder("1", "us-east-1", true, true, true),
		recorder("1", "us-west-2", true, true, false),
		recorder("2", "us-east-1", true, true, true),
		recorder("2", "eu-west-1", false, true, true),
		recorder("3", "us-east-1", true, true, false),
	]),
}}

test_exactly_the_accounts_with_gaps_fail if {
	ids := {f.resource | some f in acc_003.deny with input as inputs}
	ids == {"2", "3"}
}

test_message_names_the_regions if {
	some f in acc_003.deny with input as inputs
	f.resource == "2"
	f.message == "account 2 (org-2) has no AWS Config recorder recording all resource types in eu-west-1 (recorder default is not recording), us-west-2 (no configuration recorder); AWS Config must record all resource types in every scanned region"
}

test_message_global_resource_types if {
	some f in acc_003.deny with input as inputs
	f.resource == "3"
	f.message == "no AWS Config recorder of account 3 (org-3) includes global resource types (IAM users, roles, policies), so changes to them are not recorded; one region's recorder must include them"
}

test_selected_resource_types_fail if {
	inp := {"aws": {"accounts": {"5": account("5", ["us-east-1"])}, "config_recorders": recorders([recorder("5", "us-east-1", true, false, true)])}}
	some f in acc_003.deny with input as inp
	f.message == "account 5 (org-5) has no AWS Config recorder recording all resource types in us-east-1 (recorder default records only selected resource types); AWS Config must record all resource types in every scanned region"
}

test_compliant_account_produces_nothing if {
	count(acc_003.deny) == 0 with input as {"aws": {"accounts": {"1": inputs.aws.accounts["1"]}, "config_recorders": inputs.aws.config_recorders}}
}
