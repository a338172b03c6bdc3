/** 公益（charity items, projects, 爱心足迹）: messages, and the server's error codes (docs/charity.md). */
export const charityZhCN = {
  'nav.charity': '公益',
  'nav.footprint': '爱心足迹',
  'charity.error.INVALID_CREDIT_CODE': '统一社会信用代码校验位不正确',
  'charity.error.CHARITY_EXISTS': '该统一社会信用代码的机构已登记',
  'charity.error.CHARITY_NOT_VERIFIED': '该公益机构尚未通过审核，不能接收善款',
  'charity.error.PROJECT_NOT_FUNDRAISING': '该项目当前不在募捐中',
  'charity.error.INVALID_DONATION_RULE': '捐赠规则超出允许范围',
  'charity.error.ESCROW_INSUFFICIENT': '项目托管余额不足，拨付金额不能超过余额',
  'charity.error.NOT_FOUND': '没有找到这条公益记录',
  'charity.error.other': '公益服务暂时不可用，请稍后再试',
};
