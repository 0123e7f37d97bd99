# ACC-003: AWS Config records all resource types in every scanned region.
#
# For every scanned account (`aws.accounts`) and every region in its
# `regions`, a configuration recorder of that account and region must be
# recording (`recording`) all supported resource types (`all_supported`).
# One finding per account, naming each region that lacks one and why. AWS
# records global resource types (IAM users, roles, policies) only where a
# recorder includes them, and one region suffices; so an account whose
# recorders are all complete but none includes global resource types gets
# a finding too.
package archcheck.rules.accounts.acc_003

import data.archcheck.lib
import rego.v1

metadata := {
	"id": "ACC-003",
	"title": "AWS Config records all resource types in every region",
	"severity": "medium",
	"description": "Every scanned region of every account has an AWS Config configuration recorder that is recording all supported resource types, and one region of each account also records global resource types (IAM). Without it there is no history of configuration changes (who opened that security group, when) and Config rules and Security Hub controls see nothing in that region.",
	"remediation": "Create and start a recorder in each region (aws configservice put-configuration-recorder --recording-group allSupported=true[,includeGlobalResourceTypes=true in one region], put-delivery-channel, start-configuration-recorder), ideally for the whole organisation with a CloudFormation StackSet or Control Tower.",
	"architecture": {
		"sections": ["000 §1", "000 §2.2", "001 §2", "001 §7"],
		"quote": "Centralized CloudTrail and Config for compliance",
	},
	"parameters": [],
	"inputs": ["aws.accounts", "aws.config_recorders"],
	"judges": "aws.accounts",
}

key(account, region) := concat("/", [account, region])

# "account/region" -> recorders there (built once).
recorders[k] contains r if {
	some r in input.aws.config_recorders
	k := key(r.account_id, r.region)
}

complete(r) if {
	r.recording == true
	r.all_supported == true
}

# Why a region lacks a complete recorder.
gap(account, region) := "no configuration recorder" if {
	not recorders[key(account, region)]
} else := sprintf("recorder %s is not recording", [concat(", ", sort({r.native_id | some r in recorders[key(account, region)]}))]) if {
	every r in recorders[key(account, region)] {
		object.get(r, "recording", false) != true
	}
} else := sprintf("recorder %s records only selected resource types", [concat(", ", sort({r.native_id | some r in recorders[key(account, region)]}))]) if {
	not any_complete(account, region)
}

any_complete(account, region) if {
	some r in recorders[key(account, region)]
	complete(r)
}

deny contains lib.finding(acct, msg) if {
	some acct in input.aws.accounts
	gaps := [sprintf("%s (%s)", [region, gap(acct.id, region)]) | some region in sort(object.get(acct, "regions", [])); not any_complete(acct.id, region)]
	count(gaps) > 0
	msg := sprintf("account %s has no AWS Config recorder recording all resource types in %s; AWS Config must record all resource types in every scanned region", [
		lib.label(acct), concat(", ", gaps),
	])
}

deny contains lib.finding(acct, msg) if {
	some acct in input.aws.accounts
	regions := object.get(acct, "regions", [])
	count(regions) > 0
	every region in regions {
		any_complete(acct.id, region)
	}
	not records_global(acct.id, regions)
	msg := sprintf("no AWS Config recorder of account %s includes global resource types (IAM users, roles, policies), so changes to them are not recorded; one region's recorder must include them", [lib.label(acct)])
}

records_global(account, regions) if {
	some region in regions
	some r in recorders[key(account, region)]
	complete(r)
	r.include_global_resource_types == true
}
