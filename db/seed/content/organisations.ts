import type { ClusterId, FieldKey } from './fields.ts';

/**
 * Fictional organisations. Names are composed to sound plausible; any likeness to a real company
 * or university is unintended.
 */

export interface EnterpriseSeed {
  name: string;
  nameEn: string;
  region: string;
  city: string;
  clusters: ClusterId[];
  /** 主营业务, used in challenge backgrounds. */
  business: string;
}

export interface UniversitySeed {
  name: string;
  nameEn: string;
  region: string;
  city: string;
  /** Fields in order of strength; the first five get capability entries. */
  fields: FieldKey[];
}

export const enterprises: EnterpriseSeed[] = [
  {
    name: '苏州澄锐智能装备股份有限公司',
    nameEn: 'Suzhou Chengrui Intelligent Equipment Co., Ltd.',
    region: '江苏省',
    city: '苏州',
    clusters: ['intelligent-manufacturing', 'artificial-intelligence'],
    business: '3C电子与汽车零部件自动化装配线、工业视觉检测设备',
  },
  {
    name: '常州驰源新能源汽车科技有限公司',
    nameEn: 'Changzhou Chiyuan New Energy Vehicle Technology Co., Ltd.',
    region: '江苏省',
    city: '常州',
    clusters: ['new-energy-vehicles'],
    business: '新能源乘用车动力电池系统、电驱动总成的研发与制造',
  },
  {
    name: '深圳芯衡微电子有限公司',
    nameEn: 'Shenzhen Xinheng Microelectronics Co., Ltd.',
    region: '广东省',
    city: '深圳',
    clusters: ['integrated-circuits'],
    business: '物联网与车规级SoC芯片、高速接口IP的设计',
  },
  {
    name: '上海知衡智能科技有限公司',
    nameEn: 'Shanghai Zhiheng Intelligent Technology Co., Ltd.',
    region: '上海市',
    city: '上海',
    clusters: ['artificial-intelligence', 'next-generation-it'],
    business: '面向制造与政务行业的大模型应用、智能问答与文档理解平台',
  },
  {
    name: '泰州康弘生物医药有限公司',
    nameEn: 'Taizhou Kanghong Biopharmaceutical Co., Ltd.',
    region: '江苏省',
    city: '泰州',
    clusters: ['biomedicine'],
    business: '单克隆抗体、改良型新药制剂的研发与生产',
  },
  {
    name: '宁波甬材新材料科技有限公司',
    nameEn: 'Ningbo Yongcai Advanced Materials Co., Ltd.',
    region: '浙江省',
    city: '宁波',
    clusters: ['new-materials', 'new-energy'],
    business: '稀土永磁材料、碳纤维复合材料制品',
  },
  {
    name: '武汉光谷星链通信技术有限公司',
    nameEn: 'Wuhan Xinglian Communication Technology Co., Ltd.',
    region: '湖北省',
    city: '武汉',
    clusters: ['next-generation-it', 'integrated-circuits'],
    business: '高速光模块、卫星互联网终端与行业5G专网设备',
  },
  {
    name: '西安秦航精密装备有限公司',
    nameEn: "Xi'an Qinhang Precision Equipment Co., Ltd.",
    region: '陕西省',
    city: '西安',
    clusters: ['high-end-equipment'],
    business: '航空发动机零部件精密加工与修复、航空结构件检测',
  },
  {
    name: '盐城海岚风电科技有限公司',
    nameEn: 'Yancheng Hailan Wind Power Technology Co., Ltd.',
    region: '江苏省',
    city: '盐城',
    clusters: ['new-energy'],
    business: '海上与陆上风电场运维服务、风电机组状态监测系统',
  },
  {
    name: '天津津蓝环境科技有限公司',
    nameEn: 'Tianjin Jinlan Environmental Technology Co., Ltd.',
    region: '天津市',
    city: '天津',
    clusters: ['energy-saving-environmental'],
    business: '工业废水处理、VOCs治理工程与环保运营服务',
  },
  {
    name: '宁波远拓精密机械有限公司',
    nameEn: 'Ningbo Yuantuo Precision Machinery Co., Ltd.',
    region: '浙江省',
    city: '宁波',
    clusters: ['intelligent-manufacturing', 'high-end-equipment'],
    business: '五轴数控机床、精密减速器及工业机器人关节部件',
  },
  {
    name: '合肥擎电动力系统有限公司',
    nameEn: 'Hefei Qingdian Powertrain Systems Co., Ltd.',
    region: '安徽省',
    city: '合肥',
    clusters: ['new-energy-vehicles', 'new-energy'],
    business: '电驱动系统、车载充电机与燃料电池动力系统',
  },
  {
    name: '无锡晶桥半导体科技有限公司',
    nameEn: 'Wuxi Jingqiao Semiconductor Technology Co., Ltd.',
    region: '江苏省',
    city: '无锡',
    clusters: ['integrated-circuits'],
    business: '功率半导体器件制造与先进封装测试',
  },
  {
    name: '杭州云枢数据科技有限公司',
    nameEn: 'Hangzhou Yunshu Data Technology Co., Ltd.',
    region: '浙江省',
    city: '杭州',
    clusters: ['artificial-intelligence', 'next-generation-it'],
    business: '云原生数据库、隐私计算与数据安全平台',
  },
  {
    name: '成都蓉和药业股份有限公司',
    nameEn: 'Chengdu Ronghe Pharmaceutical Co., Ltd.',
    region: '四川省',
    city: '成都',
    clusters: ['biomedicine'],
    business: '中药配方颗粒、经典名方制剂与化学原料药',
  },
  {
    name: '山东鲁晶高分子材料有限公司',
    nameEn: 'Shandong Lujing Polymer Materials Co., Ltd.',
    region: '山东省',
    city: '淄博',
    clusters: ['new-materials'],
    business: '工程塑料改性、光伏背板膜与电子级化学品',
  },
  {
    name: '南京宁讯网络科技有限公司',
    nameEn: 'Nanjing Ningxun Network Technology Co., Ltd.',
    region: '江苏省',
    city: '南京',
    clusters: ['next-generation-it'],
    business: '物联网终端、工业互联网平台与网络安全服务',
  },
  {
    name: '大连海擎船舶装备有限公司',
    nameEn: 'Dalian Haiqing Marine Equipment Co., Ltd.',
    region: '辽宁省',
    city: '大连',
    clusters: ['high-end-equipment'],
    business: '船舶推进系统、海洋工程装备与大型焊接结构件',
  },
  {
    name: '西宁昆仑光伏科技有限公司',
    nameEn: 'Xining Kunlun Photovoltaic Technology Co., Ltd.',
    region: '青海省',
    city: '西宁',
    clusters: ['new-energy'],
    business: '光伏电站投资运营、光伏组件与储能系统集成',
  },
  {
    name: '株洲湘驰轨道交通装备有限公司',
    nameEn: 'Zhuzhou Xiangchi Rail Transit Equipment Co., Ltd.',
    region: '湖南省',
    city: '株洲',
    clusters: ['high-end-equipment', 'intelligent-manufacturing'],
    business: '城轨与高速列车转向架、牵引与监测系统',
  },
  {
    name: '佛山顺睿智能家电有限公司',
    nameEn: 'Foshan Shunrui Smart Appliance Co., Ltd.',
    region: '广东省',
    city: '佛山',
    clusters: ['intelligent-manufacturing'],
    business: '智能家电研发与数字化工厂',
  },
  {
    name: '广州穗康医疗器械有限公司',
    nameEn: 'Guangzhou Suikang Medical Devices Co., Ltd.',
    region: '广东省',
    city: '广州',
    clusters: ['biomedicine', 'artificial-intelligence'],
    business: '介入类医疗耗材与医学影像辅助诊断软件',
  },
  {
    name: '重庆渝驰汽车电子有限公司',
    nameEn: 'Chongqing Yuchi Automotive Electronics Co., Ltd.',
    region: '重庆市',
    city: '重庆',
    clusters: ['new-energy-vehicles', 'artificial-intelligence'],
    business: '智能驾驶域控制器、车载传感器与整车能量管理软件',
  },
  {
    name: '福建闽储储能科技有限公司',
    nameEn: 'Fujian Minchu Energy Storage Technology Co., Ltd.',
    region: '福建省',
    city: '宁德',
    clusters: ['new-energy', 'new-materials'],
    business: '电化学储能系统、钠离子电池材料',
  },
  {
    name: '北京燕图视觉科技有限公司',
    nameEn: 'Beijing Yantu Vision Technology Co., Ltd.',
    region: '北京市',
    city: '北京',
    clusters: ['artificial-intelligence'],
    business: '视觉感知算法、遥感影像解译与边缘AI部署',
  },
  {
    name: '厦门鹭芯光电科技有限公司',
    nameEn: 'Xiamen Luxin Optoelectronics Co., Ltd.',
    region: '福建省',
    city: '厦门',
    clusters: ['integrated-circuits', 'next-generation-it'],
    business: '光电芯片、MEMS传感器与晶圆检测设备',
  },
  {
    name: '威海蓝核能源装备有限公司',
    nameEn: 'Weihai Lanhe Energy Equipment Co., Ltd.',
    region: '山东省',
    city: '威海',
    clusters: ['new-energy', 'high-end-equipment'],
    business: '核电站关键设备与小型模块化反应堆部件制造、在役检测技术服务、氢能装备',
  },
  {
    name: '无锡碧澄环保科技有限公司',
    nameEn: 'Wuxi Bicheng Environmental Technology Co., Ltd.',
    region: '江苏省',
    city: '无锡',
    clusters: ['energy-saving-environmental', 'new-energy'],
    business: '固废资源化、余热回收与园区碳管理服务',
  },
];

export const universities: UniversitySeed[] = [
  {
    name: '江南理工大学',
    nameEn: 'Jiangnan University of Technology',
    region: '江苏省',
    city: '无锡',
    fields: [
      'cs',
      'electrical',
      'mech',
      'control',
      'materials',
      'comm',
      'electronics',
      'chem',
      'power',
      'transport',
      'textile',
      'math',
    ],
  },
  {
    name: '东海工业大学',
    nameEn: 'Donghai Polytechnic University',
    region: '上海市',
    city: '上海',
    fields: ['electronics', 'cs', 'optics', 'naval', 'mech', 'materials', 'physics', 'math', 'aero'],
  },
  {
    name: '岭南科技大学',
    nameEn: 'Lingnan University of Science and Technology',
    region: '广东省',
    city: '广州',
    fields: [
      'cs',
      'comm',
      'electronics',
      'pharmacy',
      'biology',
      'control',
      'optics',
      'electrical',
      'medicine',
    ],
  },
  {
    name: '蜀川工程大学',
    nameEn: 'Shuchuan University of Engineering',
    region: '四川省',
    city: '成都',
    fields: [
      'power',
      'nuclear',
      'mech',
      'aero',
      'electrical',
      'materials',
      'metallurgy',
      'mechanics',
      'transport',
      'tcm',
    ],
  },
  {
    name: '云梦理工大学',
    nameEn: 'Yunmeng University of Technology',
    region: '湖北省',
    city: '武汉',
    fields: ['optics', 'comm', 'materials', 'transport', 'electronics', 'mech', 'env', 'chem'],
  },
  {
    name: '泰岳科技大学',
    nameEn: 'Taiyue University of Science and Technology',
    region: '山东省',
    city: '青岛',
    fields: ['chem', 'materials', 'env', 'power', 'metallurgy', 'mech', 'food', 'textile'],
  },
  {
    name: '秦川工业大学',
    nameEn: 'Qinchuan Polytechnic University',
    region: '陕西省',
    city: '西安',
    fields: ['aero', 'mech', 'mechanics', 'control', 'electrical', 'nuclear', 'cs', 'materials'],
  },
  {
    name: '钱塘医工大学',
    nameEn: 'Qiantang University of Medicine and Engineering',
    region: '浙江省',
    city: '杭州',
    fields: ['pharmacy', 'biology', 'medicine', 'cs', 'tcm', 'food', 'chem', 'electronics'],
  },
];
