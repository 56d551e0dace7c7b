---@brief
---
--- https://github.com/asl-ls/asl-ls
---
--- Language server for the Amazon States Language, the JSON or YAML definitions of AWS
--- Step Functions state machines: diagnostics as you type, completion, hover, go to
--- definition, references, rename of states, code actions, semantic tokens inside
--- JSONPath/JSONata strings, and a "Run" code lens that runs a machine on mocks.
---
--- It checks `*.asl.json`, `*.asl.yaml`, `*.asl.yml`, any JSON or YAML document whose top
--- level has `StartAt` and `States`, and the state machines inside CloudFormation/SAM/CDK
--- templates and Serverless files. It publishes nothing for other JSON or YAML, so it can
--- run on every `json`/`yaml` buffer beside `jsonls` or `yamlls`. Add `terraform` to
--- `filetypes` for the machines in `aws_sfn_state_machine` resources.
---
--- Install the `asl-ls` binary with one of:
--- ```sh
--- cargo install asl-ls
--- pipx install asl-ls
--- npm install -g asl-ls
--- ```
--- or `:MasonInstall asl-ls`, or take an archive from the GitHub releases.
---
--- Settings go in `init_options` (or `settings`), for example:
--- ```lua
--- vim.lsp.config('asl_ls', {
---   init_options = {
---     machineType = 'express',
---     diagnostics = { ASL203 = 'off' },
---   },
--- })
--- ```

---@type vim.lsp.Config
return {
  cmd = { 'asl-ls', '--stdio' },
  filetypes = { 'json', 'jsonc', 'yaml' },
  root_markers = { '.git' },
}
